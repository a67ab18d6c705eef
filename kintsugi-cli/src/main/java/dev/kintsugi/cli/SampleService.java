package dev.kintsugi.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's sample service: built with its own Maven build, run as a child JVM with Kintsugi's
 * agent attached; its output goes to a log file next to it.
 */
final class SampleService implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

  private final Process process;
  private final String url;

  private SampleService(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** {@code mvn package} in {@code dir}; the jar it makes. */
  static Path build(Path dir, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-DskipTests", "package"));
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("building the sample service timed out; see " + log);
    }
    if (p.exitValue() != 0) {
      throw new IOException("building the sample service failed; see " + log);
    }
    try (var jars = Files.list(dir.resolve("target"))) {
      return jars.filter(j -> j.getFileName().toString().endsWith(".jar"))
          .filter(j -> !j.getFileName().toString().contains("original"))
          .findFirst()
          .orElseThrow(() -> new IOException("the sample service build made no jar"));
    }
  }

  /** Starts the jar with the agent and waits for its "listening on" line. */
  static SampleService start(Path dir, Path jar, Path agent, String agentOptions, Path log)
      throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "-javaagent:" + agent + "=" + agentOptions,
                "-jar",
                jar.toString(),
                "--port",
                "0")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                  var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                  out.write(line);
                  out.newLine();
                  out.flush();
                  Matcher m = LISTENING.matcher(line);
                  if (!url.isDone() && m.find()) {
                    url.complete(m.group(1));
                  }
                }
              } catch (IOException e) {
                // the process ended; the log has what it wrote
              } finally {
                url.completeExceptionally(new IOException("the sample service exited; see " + log));
              }
            },
            "demo-service-log");
    pump.setDaemon(true);
    pump.start();
    try {
      return new SampleService(p, url.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("the sample service did not start; see " + log, e);
    }
  }

  String url() {
    return url;
  }

  /** Stops the service like an operator would (SIGTERM: the agent flushes), then for sure. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

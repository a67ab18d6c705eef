package dev.kintsugi.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code kintsugi server} or {@code kintsugi worker} process of a test cluster, started from
 * the test's class path; what it prints is kept (prefixed with its name) for the test's failure
 * messages.
 */
final class ClusterNode {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

  final String name;
  private final Process process;
  private final List<String> said;
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private ClusterNode(String name, Process process, List<String> said) {
    this.name = name;
    this.process = process;
    this.said = said;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  said.add(name + ": " + line);
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                  }
                }
              } catch (IOException e) {
                // the process died: its output ends here
              }
              port.completeExceptionally(new IllegalStateException(name + " exited"));
            },
            "out-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code kintsugi ARGS} in its own JVM, its environment given {@code env}. */
  static ClusterNode start(
      String name, List<String> jvm, List<String> args, Map<String, String> env, List<String> said)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(KintsugiCommand.class.getName());
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    return new ClusterNode(name, pb.start(), said);
  }

  /** The port it listens on, once it said so. */
  int awaitPort() throws Exception {
    try {
      return port.get(90, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(name + " did not start:\n" + String.join("\n", said), e);
    }
  }

  /** Waits until it printed a line containing {@code text}. */
  void awaitSaid(String text) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (said.stream().noneMatch(l -> l.startsWith(name + ": ") && l.contains(text))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(name + " never said '" + text + "':\n" + String.join("\n", said));
      }
      Thread.sleep(100);
    }
  }

  /** The number it printed right after {@code text}. */
  int awaitNumber(String text) throws Exception {
    awaitSaid(text);
    Pattern number = Pattern.compile(Pattern.quote(text) + "(\\d+)");
    for (String line : said) {
      Matcher m = number.matcher(line);
      if (line.startsWith(name + ": ") && m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError(name + " printed no number after '" + text + "'");
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** {@code kill -9}: no shutdown hook, nothing flushed or handed back. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, then SIGKILL (with its children) if it does not end in time. */
  void stop() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }
}

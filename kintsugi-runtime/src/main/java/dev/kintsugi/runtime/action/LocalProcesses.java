package dev.kintsugi.runtime.action;

import dev.kintsugi.core.repair.Descriptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starting, readying and stopping a local process, as the {@code restart} action and the local
 * rollout's canary do: started directly (no shell) with its output appended to a log, ready when a
 * URL answers 2xx, stopped with SIGTERM and after a grace period SIGKILL.
 */
public final class LocalProcesses {

  private static final Duration POLL = Duration.ofMillis(200);

  private LocalProcesses() {}

  /**
   * How to start a process.
   *
   * @param command the program (an absolute path or a name on {@code PATH}) and its arguments
   * @param workingDir where it runs; empty for the current directory
   * @param env variables added to the base environment
   * @param log where stdout and stderr are appended; empty to discard them
   */
  public record Launch(
      List<String> command,
      Optional<Path> workingDir,
      Map<String, String> env,
      Optional<Path> log) {
    public Launch {
      command = List.copyOf(command);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("no command");
      }
      env = Map.copyOf(env);
    }
  }

  /**
   * Starts {@code launch}'s command with {@code baseEnv} plus its variables as the whole
   * environment, no input.
   *
   * @throws IOException naming the program when it is not an executable or could not be started
   */
  public static Process start(Launch launch, Map<String, String> baseEnv) throws IOException {
    String program = launch.command().get(0);
    Path executable =
        Executables.resolve(program, baseEnv)
            .orElseThrow(() -> new IOException("no executable " + program));
    List<String> argv = new ArrayList<>(launch.command());
    argv.set(0, executable.toString());
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    launch.workingDir().ifPresent(dir -> builder.directory(dir.toFile()));
    Map<String, String> env = new HashMap<>(baseEnv);
    env.putAll(launch.env());
    builder.environment().clear();
    builder.environment().putAll(env);
    if (launch.log().isPresent()) {
      Path log = launch.log().get().toAbsolutePath();
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process = builder.start();
    process.getOutputStream().close(); // no input: it reads end of file
    return process;
  }

  /**
   * Waits until the process is ready: {@code readyUrl} answers 2xx within {@code readyTimeout}, or,
   * without a URL, it is still up after {@code alive}.
   *
   * @return empty once ready; else why not (it exited, no 2xx in time)
   */
  public static Optional<String> awaitReady(
      Process process, Optional<URI> readyUrl, Duration readyTimeout, Duration alive, Clock clock)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(readyUrl.isPresent() ? readyTimeout : alive);
    String last = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        return Optional.of("exited with code " + process.exitValue());
      }
      if (readyUrl.isPresent()) {
        Optional<String> problem = probe(readyUrl.get());
        if (problem.isEmpty()) {
          return Optional.empty();
        }
        last = problem.get();
      }
      if (!clock.instant().isBefore(deadline)) {
        return readyUrl.isPresent()
            ? Optional.of(
                "no 2xx from "
                    + readyUrl.get()
                    + " within "
                    + readyTimeout.toMillis()
                    + " ms ("
                    + last
                    + ")")
            : Optional.empty();
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /**
   * Stops a running process: SIGTERM, then SIGKILL after {@code grace}; says what it did.
   *
   * @throws IllegalStateException for this JVM or pid 1, or a process that survives SIGKILL
   */
  public static String stop(ProcessHandle running, Duration grace) throws InterruptedException {
    if (running.pid() == ProcessHandle.current().pid() || running.pid() <= 1) {
      throw new IllegalStateException("refusing to stop pid " + running.pid());
    }
    if (!running.isAlive()) {
      return "pid " + running.pid() + " was not running";
    }
    running.destroy();
    if (exited(running, grace)) {
      return "stopped pid " + running.pid();
    }
    running.destroyForcibly();
    if (exited(running, Duration.ofSeconds(10))) {
      return "killed pid " + running.pid() + " after " + grace.toMillis() + " ms";
    }
    throw new IllegalStateException("pid " + running.pid() + " did not stop, even when killed");
  }

  private static boolean exited(ProcessHandle process, Duration wait) throws InterruptedException {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException | ExecutionException e) {
      return !process.isAlive();
    }
  }

  private static Optional<String> probe(URI url) throws InterruptedException {
    try {
      HttpResponse<Void> response =
          Http.CLIENT.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      int status = response.statusCode();
      return status / 100 == 2 ? Optional.empty() : Optional.of("status " + status);
    } catch (IOException e) {
      return Optional.of(Descriptions.oneLine(String.valueOf(e.getMessage()), 120));
    }
  }
}

package dev.kintsugi.runtime.action;

import dev.kintsugi.core.repair.Descriptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restarts a local process: stops the one a pid file (or a pid) names — SIGTERM, then after a grace
 * period SIGKILL — starts the configured command directly (no shell) with its output appended to a
 * log file, writes the new pid file, and waits until it is ready.
 */
final class RestartAction implements RuntimeAction {

  private static final Duration POLL = Duration.ofMillis(200);

  /**
   * @param pidFile where the running process's pid is, rewritten with the new one
   * @param pid the running process's pid, when there is no pid file
   * @param command the program and its arguments
   * @param env variables added to the environment
   * @param log where stdout and stderr are appended; empty to discard them
   * @param grace how long the process has to stop after SIGTERM
   * @param readyUrl answers 2xx once the process is ready; empty to wait {@code alive} instead
   * @param readyTimeout how long {@code readyUrl} may take to answer 2xx
   * @param alive how long the process must stay up to count as started, without a readyUrl
   */
  record Spec(
      Optional<Path> pidFile,
      OptionalLong pid,
      List<String> command,
      Optional<Path> workingDir,
      Map<String, String> env,
      Optional<Path> log,
      Duration grace,
      Optional<URI> readyUrl,
      Duration readyTimeout,
      Duration alive) {
    Spec {
      command = List.copyOf(command);
      env = Map.copyOf(env);
    }
  }

  private final Spec spec;
  private final Map<String, String> baseEnv;
  private final Clock clock;

  RestartAction(Spec spec, Map<String, String> baseEnv, Clock clock) {
    this.spec = spec;
    this.baseEnv = baseEnv;
    this.clock = clock;
  }

  @Override
  public String kind() {
    return "restart";
  }

  @Override
  public String describe() {
    String which =
        spec.pidFile().map(f -> "the process in " + f).orElse("pid " + spec.pid().orElse(-1));
    String ready =
        spec.readyUrl()
            .map(u -> "ready when " + u + " answers 2xx")
            .orElse("ready when up for " + spec.alive().toMillis() + " ms");
    return "restart: stop " + which + ", start " + String.join(" ", spec.command()) + ", " + ready;
  }

  @Override
  public ActionOutcome run() throws InterruptedException {
    String stopped;
    try {
      stopped = stop();
    } catch (IllegalStateException e) {
      return ActionOutcome.failed(e.getMessage());
    }
    Optional<Path> executable = Executables.resolve(spec.command().get(0), baseEnv);
    if (executable.isEmpty()) {
      return ActionOutcome.failed(
          stopped + "; cannot start: no executable " + spec.command().get(0));
    }
    Process process;
    try {
      process = start(executable.get());
    } catch (IOException e) {
      return ActionOutcome.failed(stopped + "; could not start: " + e.getMessage());
    }
    String started = stopped + ", started pid " + process.pid();
    try {
      if (spec.pidFile().isPresent()) {
        AtomicFiles.write(spec.pidFile().get(), process.pid() + "\n");
      }
    } catch (IOException e) {
      return ActionOutcome.failed(started + " but could not write the pid file: " + e.getMessage());
    }
    Optional<String> notReady = awaitReady(process);
    return notReady.isEmpty()
        ? ActionOutcome.done(started + ", ready")
        : ActionOutcome.failed(started + ", not ready: " + notReady.get());
  }

  /** Stops the running process, if there is one; says what it did. */
  private String stop() throws InterruptedException {
    OptionalLong pid = spec.pid().isPresent() ? spec.pid() : readPid();
    if (pid.isEmpty()) {
      return "no running process";
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
    if (handle.isEmpty() || !handle.get().isAlive()) {
      return "pid " + pid.getAsLong() + " was not running";
    }
    ProcessHandle running = handle.get();
    if (running.pid() == ProcessHandle.current().pid() || running.pid() <= 1) {
      throw new IllegalStateException("refusing to stop pid " + running.pid());
    }
    running.destroy();
    if (exited(running, spec.grace())) {
      return "stopped pid " + running.pid();
    }
    running.destroyForcibly();
    if (exited(running, Duration.ofSeconds(10))) {
      return "killed pid " + running.pid() + " after " + spec.grace().toMillis() + " ms";
    }
    throw new IllegalStateException("pid " + running.pid() + " did not stop, even when killed");
  }

  private static boolean exited(ProcessHandle process, Duration wait) throws InterruptedException {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  private OptionalLong readPid() {
    try {
      String text = Files.readString(spec.pidFile().orElseThrow(), StandardCharsets.UTF_8).trim();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty(); // no pid file, or not a pid: nothing to stop
    }
  }

  private Process start(Path executable) throws IOException {
    List<String> argv = new java.util.ArrayList<>(spec.command());
    argv.set(0, executable.toString());
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    spec.workingDir().ifPresent(dir -> builder.directory(dir.toFile()));
    Map<String, String> env = new HashMap<>(baseEnv);
    env.putAll(spec.env());
    builder.environment().clear();
    builder.environment().putAll(env);
    if (spec.log().isPresent()) {
      Path log = spec.log().get().toAbsolutePath();
      Files.createDirectories(log.getParent());
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    } else {
      builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    }
    Process process = builder.start();
    process.getOutputStream().close(); // no input: it reads end of file
    return process;
  }

  /** Empty once the process is ready; else why not. */
  private Optional<String> awaitReady(Process process) throws InterruptedException {
    Instant deadline =
        clock.instant().plus(spec.readyUrl().isPresent() ? spec.readyTimeout() : spec.alive());
    String last = "no answer yet";
    while (true) {
      if (!process.isAlive()) {
        return Optional.of("exited with code " + process.exitValue());
      }
      if (spec.readyUrl().isPresent()) {
        Optional<String> problem = probe(spec.readyUrl().get());
        if (problem.isEmpty()) {
          return Optional.empty();
        }
        last = problem.get();
      }
      if (!clock.instant().isBefore(deadline)) {
        return spec.readyUrl().isPresent()
            ? Optional.of(
                "no 2xx from "
                    + spec.readyUrl().get()
                    + " within "
                    + spec.readyTimeout().toMillis()
                    + " ms ("
                    + last
                    + ")")
            : Optional.empty();
      }
      Thread.sleep(POLL.toMillis());
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

package dev.kintsugi.runtime.action;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Restarts a local process: stops the one a pid file (or a pid) names — SIGTERM, then after a grace
 * period SIGKILL — starts the configured command directly (no shell) with its output appended to a
 * log file, writes the new pid file, and waits until it is ready.
 */
final class RestartAction implements RuntimeAction {

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
    Process process;
    try {
      process =
          LocalProcesses.start(
              new LocalProcesses.Launch(spec.command(), spec.workingDir(), spec.env(), spec.log()),
              baseEnv);
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
    Optional<String> notReady =
        LocalProcesses.awaitReady(
            process, spec.readyUrl(), spec.readyTimeout(), spec.alive(), clock);
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
    return LocalProcesses.stop(handle.get(), spec.grace());
  }

  private OptionalLong readPid() {
    try {
      String text = Files.readString(spec.pidFile().orElseThrow(), StandardCharsets.UTF_8).trim();
      return OptionalLong.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty(); // no pid file, or not a pid: nothing to stop
    }
  }
}

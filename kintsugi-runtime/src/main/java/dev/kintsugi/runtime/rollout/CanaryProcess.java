package dev.kintsugi.runtime.rollout;

import dev.kintsugi.runtime.action.LocalProcesses;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The new version a rollout starts, beside the running one.
 *
 * @param command the program and its arguments, started directly (no shell); a name is looked up on
 *     PATH
 * @param url where it serves, once ready (the proxy's canary backend)
 * @param readyUrl answers 2xx once it is ready
 * @param readyTimeout how long it may take to answer 2xx there
 * @param workingDir where it runs; empty: the current directory
 * @param env variables added to Kintsugi's environment
 * @param log where its stdout and stderr are appended; empty: discarded
 * @param grace how long it has to stop after SIGTERM on a rollback, before SIGKILL
 */
public record CanaryProcess(
    List<String> command,
    URI url,
    URI readyUrl,
    Duration readyTimeout,
    Optional<Path> workingDir,
    Map<String, String> env,
    Optional<Path> log,
    Duration grace) {

  public CanaryProcess {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("no command");
    }
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(readyUrl, "readyUrl");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    Objects.requireNonNull(workingDir, "workingDir");
    env = Map.copyOf(env);
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(grace, "grace");
  }

  /**
   * A canary started by {@code command}, serving at {@code url}, ready when {@code readyUrl} is.
   */
  public static CanaryProcess of(List<String> command, URI url, URI readyUrl) {
    return new CanaryProcess(
        command,
        url,
        readyUrl,
        Duration.ofSeconds(60),
        Optional.empty(),
        Map.of(),
        Optional.empty(),
        Duration.ofSeconds(10));
  }

  /** The same canary with its output appended to {@code log}. */
  public CanaryProcess withLog(Path file) {
    return new CanaryProcess(
        command, url, readyUrl, readyTimeout, workingDir, env, Optional.of(file), grace);
  }

  LocalProcesses.Launch launch() {
    return new LocalProcesses.Launch(command, workingDir, env, log);
  }
}

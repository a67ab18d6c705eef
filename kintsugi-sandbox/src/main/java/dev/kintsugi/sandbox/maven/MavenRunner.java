package dev.kintsugi.sandbox.maven;

import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.process.ProcessResult;
import dev.kintsugi.sandbox.process.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs Maven for one project in its sandbox: offline when confined, with a resolve step and a
 * second try when an artifact is missing, each run logged to a temporary file in the project's
 * {@code target/}; and reads why a failed run failed.
 */
final class MavenRunner {

  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

  private final Path root;
  private final ProcessRunner runner;

  MavenRunner(Path root, Sandbox sandbox) {
    this.root = root;
    this.runner = new ProcessRunner(sandbox);
  }

  /** A Maven command, offline in a confined sandbox. */
  List<String> command(String... args) {
    List<String> command = MavenCommand.of(root, args);
    if (runner.sandbox().offline()) {
      command.add(2, "-o"); // after the executable and -B
    }
    return command;
  }

  /**
   * Runs {@code command}; when it failed for a missing artifact in a confined sandbox that allows
   * resolving, runs {@code resolve} with the network (into the same log) and then {@code command}
   * again, within the same time limit.
   */
  ProcessResult runResolving(
      List<String> command, List<String> resolve, Duration timeout, Path log) {
    return runResolving(command, resolve, Map.of(), timeout, log);
  }

  /** {@link #runResolving(List, List, Duration, Path)} with {@code env} added for the command. */
  ProcessResult runResolving(
      List<String> command,
      List<String> resolve,
      Map<String, String> env,
      Duration timeout,
      Path log) {
    long start = System.nanoTime();
    ProcessResult result = runner.run(command, root, env, timeout, log);
    Sandbox sandbox = runner.sandbox();
    if (result.timedOut()
        || result.exitCode() == 0
        || !sandbox.confined()
        || !sandbox.allowsResolve()
        || !BuildLog.compilerErrors(log).isEmpty()
        || !BuildLog.missingArtifact(log)) {
      return result;
    }
    ProcessResult resolved = runner.run(resolve, root, Map.of(), left(timeout, start), log, true);
    if (!resolved.succeeded()) {
      return resolved;
    }
    return runner.run(command, root, env, left(timeout, start), log);
  }

  /** Fetches one artifact, without its dependencies, into the local repository. */
  boolean fetch(String artifact) {
    return withLog(
        log ->
            runner
                .run(
                    MavenCommand.of(
                        root,
                        "-q",
                        MavenCommand.DEPENDENCY_PLUGIN + ":get",
                        "-Dartifact=" + artifact,
                        "-Dtransitive=false"),
                    root,
                    Map.of(),
                    FETCH_TIMEOUT,
                    log,
                    runner.sandbox().allowsResolve())
                .succeeded());
  }

  private static Duration left(Duration timeout, long startNanos) {
    Duration left = timeout.minusNanos(System.nanoTime() - startNanos);
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
  }

  /**
   * @throws BuildFailedException when the log shows compiler errors
   */
  void failIfNotCompiling(Path log) {
    List<String> errors = BuildLog.compilerErrors(log);
    if (!errors.isEmpty()) {
      // In a reactor, say which module: the modules depending on it were not built at all.
      String module =
          Reactor.isReactor(root)
              ? BuildLog.moduleNotCompiling(log)
                  .map(m -> " (module " + m + "; the modules that depend on it were not built)")
                  .orElse("")
              : "";
      throw BuildFailedException.doesNotCompile(
          "the project does not compile" + module + ":\n" + String.join("\n", errors));
    }
  }

  /** The error lines of a failed run's output, else its last lines. */
  static String errorsOf(ProcessResult result) {
    List<String> errors = BuildLog.errorLines(result.outputTail());
    return errors.isEmpty() ? lastLines(result.outputTail(), 20) : String.join("\n", errors);
  }

  private static String lastLines(String text, int count) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }

  /** {@code action} on a new, empty log file, deleted after. */
  <T> T withLog(Function<Path, T> action) {
    return withTempFile("kintsugi-mvn-", action);
  }

  /** {@code action} on a new, empty temporary file, deleted after. */
  <T> T withTempFile(String prefix, Function<Path, T> action) {
    Path file;
    try {
      // Inside the project's own target/, not the system temp dir: a heal killed by a signal
      // cannot run this finally block, but its whole (private) project copy is deleted.
      Path dir = Files.createDirectories(root.resolve("target"));
      file = Files.createTempFile(dir, prefix, ".txt");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file", e);
    }
    try {
      return action.apply(file);
    } finally {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        file.toFile().deleteOnExit();
      }
    }
  }
}

package dev.kintsugi.heal.loop;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The confirm stage: the project's own build must pass with the fix applied before it is delivered.
 * It runs every test, so it also judges what fast validation left out (tests that do not execute
 * the changed code, other modules' tests, timing-dependent ones).
 */
final class BuildConfirmation {

  /** The gate name, in reports, of the project's own build run on a fix before delivery. */
  static final String GATE = "build-confirms";

  /**
   * @param green whether the build passed
   * @param why what failed, or the exit code when it passed
   */
  record Result(boolean green, String why) {}

  private final Sandbox sandbox;
  private final Optional<String> testCommand;
  private final Set<String> serviceTests;
  private final Path scratch;

  /**
   * @param serviceTests {@code class#method} of tests set apart as needing an unreachable service:
   *     they may still fail
   */
  BuildConfirmation(
      Sandbox sandbox, Optional<String> testCommand, Set<String> serviceTests, Path scratch) {
    this.sandbox = sandbox;
    this.testCommand = testCommand;
    this.serviceTests = serviceTests;
    this.scratch = scratch;
  }

  /**
   * Runs the build on a fresh copy of the workspace (sources only) with the fix: the build's
   * compiled classes of a rejected fix must not leak into the workspace later candidates are
   * compiled against.
   */
  Result confirm(Path root, Candidate fix, Duration remaining) throws IOException {
    Path copy = Files.createTempDirectory(scratch, "confirm-");
    try {
      SourceTree.copy(root, copy);
      for (FileChange change : fix.changes()) {
        Files.writeString(copy.resolve(change.file()), change.after(), StandardCharsets.UTF_8);
      }
      TestRunResult result = new MavenProject(copy, sandbox).runTests(testCommand, remaining);
      List<TestOutcome> stillFailing =
          result.failing().stream()
              .filter(o -> !serviceTests.contains(TestMatching.methodKey(o)))
              .toList();
      boolean green = !result.timedOut() && result.exitCode() == 0 && stillFailing.isEmpty();
      return new Result(
          green,
          result.timedOut()
              ? "timed out"
              : stillFailing.isEmpty()
                  ? "exit " + result.exitCode()
                  : stillFailing.get(0).id() + " fails");
    } catch (BuildFailedException e) {
      return new Result(false, "does not compile with the build: " + e.getMessage());
    } finally {
      SourceTree.delete(copy);
    }
  }
}

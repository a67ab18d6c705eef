package dev.kintsugi.heal.loop;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.heal.prepare.ConfirmBatches;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The confirm stage: the project's own build must pass with the fix applied before it is delivered.
 * It runs every test, so it also judges what fast validation left out (tests that do not execute
 * the changed code, other modules' tests, timing-dependent ones). Heals of one prepared release
 * share builds ({@link ConfirmBatches}): fixes that wait at the same time are confirmed in one.
 */
final class BuildConfirmation {

  /** The gate name, in reports, of the project's own build run on a fix before delivery. */
  static final String GATE = "build-confirms";

  /**
   * @param green whether the build passed
   * @param why what failed, or the exit code when it passed
   * @param together how many fixes the build held (1: this one alone)
   */
  record Result(boolean green, String why, int together) {}

  /** A fix waiting for the build, with what its heal adds to the copy. */
  record Job(Path root, Candidate fix, Optional<String> reproductionTest, Set<String> serviceTests)
      implements ConfirmBatches.Fix {
    @Override
    public Set<String> files() {
      Set<String> files = new LinkedHashSet<>();
      fix.changes().forEach(c -> files.add(c.file()));
      reproductionTest.ifPresent(files::add);
      return files;
    }
  }

  private final Sandbox sandbox;
  private final Optional<String> testCommand;
  private final Set<String> serviceTests;
  private final Path scratch;
  private final Optional<ConfirmBatches> batches;
  private final String commit;
  private final Optional<String> reproductionTest;

  /**
   * @param serviceTests {@code class#method} of tests set apart as needing an unreachable service:
   *     they may still fail
   * @param batches shared by the heals of the release {@code commit}; empty: one build per fix
   * @param reproductionTest the file of this heal's reproduction test, in its workspace
   */
  BuildConfirmation(
      Sandbox sandbox,
      Optional<String> testCommand,
      Set<String> serviceTests,
      Path scratch,
      Optional<ConfirmBatches> batches,
      String commit,
      Optional<String> reproductionTest) {
    this.sandbox = sandbox;
    this.testCommand = testCommand;
    this.serviceTests = serviceTests;
    this.scratch = scratch;
    this.batches = batches;
    this.commit = commit;
    this.reproductionTest = reproductionTest;
  }

  /** Confirms {@code fix}, applied to the sources of {@code root}, with the project's build. */
  Result confirm(Path root, Candidate fix, Duration remaining) throws IOException {
    Job job = new Job(root, fix, reproductionTest, Set.copyOf(serviceTests));
    if (batches.isEmpty()) {
      return build(List.of(job), remaining);
    }
    ConfirmBatches.Verdict verdict;
    try {
      verdict =
          batches
              .get()
              .confirm(
                  commit,
                  job,
                  batch -> {
                    try {
                      Result r = build(batch, remaining);
                      return ConfirmBatches.Verdict.of(r.green(), r.why());
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  });
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(false, "interrupted while waiting for the build", 1);
    }
    if (verdict.alone()) {
      // A shared build failed and cannot say whose fault it is: this fix gets a build of its own.
      return build(List.of(job), remaining);
    }
    return new Result(verdict.green(), verdict.why(), verdict.together());
  }

  /**
   * Runs the build on a fresh copy of the first job's workspace (sources only) with every job's fix
   * and reproduction test: the build's compiled classes of a rejected fix must not leak into the
   * workspace later candidates are compiled against.
   */
  private Result build(List<Job> jobs, Duration remaining) throws IOException {
    Path copy = Files.createTempDirectory(scratch, "confirm-");
    try {
      FileTrees.copySources(jobs.get(0).root(), copy);
      Set<String> tolerated = new HashSet<>();
      for (Job job : jobs) {
        for (FileChange change : job.fix().changes()) {
          Files.writeString(copy.resolve(change.file()), change.after(), StandardCharsets.UTF_8);
        }
        if (job != jobs.get(0) && job.reproductionTest().isPresent()) {
          Path to = copy.resolve(job.reproductionTest().get()).normalize();
          if (to.startsWith(copy)) {
            Files.createDirectories(to.getParent());
            Files.copy(job.root().resolve(job.reproductionTest().get()), to);
          }
        }
        tolerated.addAll(job.serviceTests());
      }
      TestRunResult result = new MavenProject(copy, sandbox).confirmTests(testCommand, remaining);
      List<TestOutcome> stillFailing =
          result.failing().stream()
              .filter(o -> !tolerated.contains(TestMatching.methodKey(o)))
              .toList();
      boolean green = !result.timedOut() && result.exitCode() == 0 && stillFailing.isEmpty();
      return new Result(
          green,
          result.timedOut()
              ? "timed out"
              : stillFailing.isEmpty()
                  ? "exit " + result.exitCode()
                  : stillFailing.get(0).id() + " fails",
          jobs.size());
    } catch (BuildFailedException e) {
      return new Result(false, "does not compile with the build: " + e.getMessage(), jobs.size());
    } finally {
      FileTrees.delete(copy);
    }
  }
}

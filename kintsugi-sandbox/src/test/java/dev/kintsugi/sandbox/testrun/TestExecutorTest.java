package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.Processes;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestExecutorTest {

  private static final String CALC = SampleProjects.CALC_PATH;
  private static final TestId ADDS = new TestId("com.acme.CalcTest", "adds");
  private static final TestId ABS_NEGATIVE = new TestId("com.acme.CalcTest", "absOfNegative");
  private static final TestId ABS_POSITIVE = new TestId("com.acme.CalcTest", "absOfPositive");
  private static final TestId TWICE = new TestId("com.acme.CalcTest", "twice");
  private static final TestId BROKEN = new TestId("com.acme.CalcTest", "broken");
  private static final Duration PER_TEST = Duration.ofSeconds(2);

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static ProjectLayout layout;
  private static TestExecutor executor;

  @BeforeAll
  static void buildOnce() throws Exception {
    // Confined like a heal's: Maven and every worker JVM run in bubblewrap.
    Sandbox sandbox = Sandbox.open(SandboxPolicy.defaults().withWritable(dir, temp));
    layout =
        new MavenProject(SampleProjects.junit5(dir), sandbox).resolveLayout(Duration.ofMinutes(3));
    executor = new TestExecutor(temp, TestExecutor.defaultWorkers(), sandbox);
  }

  @AfterAll
  static void closeExecutor() {
    executor.close();
  }

  private static CandidateRun candidate(
      String from, String to, List<TestId> tests, boolean failFast) {
    return executor.runCandidate(
        layout, Map.of(CALC, SampleProjects.CALC.replace(from, to)), tests, PER_TEST, failFast);
  }

  @Nested
  class CoverageRuns {

    @Test
    void runsEveryTestAndMapsTheLinesEachExecuted() throws Exception {
      CoverageRun run = executor.runAllWithCoverage(layout, Duration.ofMinutes(2));

      assertThat(run.outcomes())
          .extracting(TestOutcome::id)
          .containsExactlyInAnyOrder(
              ADDS,
              ABS_NEGATIVE,
              ABS_POSITIVE,
              TWICE,
              BROKEN,
              new TestId("com.acme.CalcTest", "absIsNonNegative"),
              new TestId("com.acme.CalcTest$Twice", "ofZero"),
              new TestId("com.acme.HangTest", "hangsWhenFlagged"));
      assertThat(status(run.outcomes(), ADDS)).isEqualTo(TestStatus.FAILED);
      assertThat(status(run.outcomes(), BROKEN)).isEqualTo(TestStatus.ERROR);
      // It printed a fake protocol line to System.out: the protocol is not fooled.
      assertThat(status(run.outcomes(), ABS_POSITIVE)).isEqualTo(TestStatus.PASSED);

      Coverage coverage = run.coverage();
      assertThat(coverage.linesByTest().get(ABS_NEGATIVE))
          .containsOnlyKeys(CALC)
          .hasEntrySatisfying(CALC, lines -> assertThat(lines).contains(9, 10).doesNotContain(12));
      assertThat(coverage.linesByTest().get(ABS_POSITIVE).get(CALC))
          .contains(9, 12)
          .doesNotContain(10);
      assertThat(coverage.covers(ADDS, CALC, 5)).isTrue();
      assertThat(coverage.covers(ADDS, CALC, 9)).isFalse();
      assertThat(coverage.covers(TWICE, "src/main/java/com/acme/Doubler.java", 5)).isTrue();
      assertThat(coverage.linesByTest().get(BROKEN)).isEmpty();
    }

    @Test
    void leavesNoTemporaryFilesBehind(@TempDir Path own) {
      try (TestExecutor fresh = new TestExecutor(own)) {
        fresh.runAllWithCoverage(layout, Duration.ofMinutes(2));

        assertThat(own).isEmptyDirectory();
      }
    }
  }

  @Nested
  class Candidates {

    @Test
    void aFixingCandidatePasses() {
      CandidateRun run = candidate("a - b", "a + b", List.of(ADDS, ABS_NEGATIVE), true);

      assertThat(run.compiled()).isTrue();
      assertThat(run.outcomes())
          .extracting(TestOutcome::status)
          .containsExactly(TestStatus.PASSED, TestStatus.PASSED);
      assertThat(run.allPassed()).isTrue();
      System.out.printf(
          "candidate run: compile %d ms, tests %d ms%n", run.compileMillis(), run.testMillis());
    }

    @Test
    void theCandidateShadowsTheOriginalClass() {
      CandidateRun run = candidate("Doubler.of(x)", "x * 3", List.of(TWICE), false);

      assertThat(run.outcomes())
          .singleElement()
          .satisfies(
              outcome -> {
                assertThat(outcome.status()).isEqualTo(TestStatus.FAILED);
                assertThat(outcome.message()).isEqualTo("expected: <6> but was: <9>");
              });
    }

    @Test
    void aNonCompilingCandidateReportsTheCompilerMessage() {
      CandidateRun run = candidate("a - b", "a - ", List.of(ADDS), false);

      assertThat(run.compiled()).isFalse();
      assertThat(run.compilerOutput()).contains(CALC + ":5: illegal start of expression");
      assertThat(run.outcomes()).isEmpty();
      assertThat(run.allPassed()).isFalse();
    }

    @Test
    void aBusyLoopTimesOutQuicklyAndLaterTestsStillRun() {
      long start = System.nanoTime();

      CandidateRun run =
          candidate("return a - b;", "while (true) {}", List.of(ADDS, ABS_NEGATIVE), false);

      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
      assertThat(run.timedOut()).isTrue();
      TestOutcome adds = run.outcomes().get(0);
      assertThat(adds.status()).isEqualTo(TestStatus.TIMEOUT);
      assertThat(adds.stackTrace()).contains("com.acme.Calc.add(Calc.java:5)");
      assertThat(run.outcomes().get(1).status()).isEqualTo(TestStatus.PASSED);
    }

    @Test
    void aCandidateThatExitsTheJvmIsAnErrorAndTheRunContinues() {
      CandidateRun run =
          candidate(
              "return a - b;", "System.exit(3); return 0;", List.of(ADDS, ABS_NEGATIVE), false);

      assertThat(run.workerDied()).isTrue();
      assertThat(run.outcomes().get(0).status()).isEqualTo(TestStatus.ERROR);
      assertThat(run.outcomes().get(0).message()).contains("System.exit called");
      assertThat(run.outcomes().get(0).stackTrace()).contains("com.acme.Calc.");
      assertThat(run.outcomes().get(1).status()).isEqualTo(TestStatus.PASSED);
    }

    @Test
    void failFastStopsAtTheFirstFailure() {
      CandidateRun run =
          executor.runCandidate(
              layout, Map.of(), List.of(ABS_NEGATIVE, ADDS, BROKEN, TWICE), PER_TEST, true);

      assertThat(run.outcomes()).extracting(TestOutcome::id).containsExactly(ABS_NEGATIVE, ADDS);
      assertThat(run.outcomes().get(1).status()).isEqualTo(TestStatus.FAILED);
    }

    @Test
    void leavesNoTemporaryFilesOrProcessesBehindOnceClosed(@TempDir Path own) throws Exception {
      CandidateRun hang;
      CandidateRun fine;
      try (TestExecutor fresh = new TestExecutor(own)) {
        hang =
            fresh.runCandidate(
                layout,
                Map.of(CALC, SampleProjects.CALC.replace("return a - b;", "while (true) {}")),
                List.of(ADDS),
                PER_TEST,
                true);
        fine = fresh.runCandidate(layout, Map.of(), List.of(ABS_NEGATIVE), PER_TEST, true);
        assertThat(fine.allPassed()).isTrue();
      }

      assertThat(own).isEmptyDirectory();
      for (long pid :
          Stream.concat(hang.workerPids().stream(), fine.workerPids().stream()).toList()) {
        assertThat(Processes.running(pid)).as("worker %d", pid).isFalse();
      }
    }
  }

  private static TestStatus status(List<TestOutcome> outcomes, TestId id) {
    return outcomes.stream().filter(o -> o.id().equals(id)).findFirst().orElseThrow().status();
  }
}

package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestExecutorJUnit4Test {

  private static final String GREETER = "src/main/java/com/acme/Greeter.java";
  private static final TestId GREETS = new TestId("com.acme.GreeterTest", "greets");
  private static final TestId LOUDLY = new TestId("com.acme.GreeterTest", "greetsLoudly");

  private static final String LOUD =
      """
      package com.acme;

      public class Greeter {
        public String greet(String name) {
          return "HELLO " + name.toUpperCase();
        }
      }
      """;

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static ProjectLayout layout;
  private static TestExecutor executor;

  @BeforeAll
  static void buildOnce() throws Exception {
    layout = new MavenProject(SampleProjects.junit4(dir)).resolveLayout(Duration.ofMinutes(3));
    executor = new TestExecutor(temp, 1);
  }

  @AfterAll
  static void closeExecutor() {
    executor.close();
  }

  @Test
  void runsJUnit4TestsWithCoverage() {
    CoverageRun run = executor.runAllWithCoverage(layout, Duration.ofMinutes(2));

    assertThat(run.outcomes()).extracting(TestOutcome::id).containsExactly(GREETS, LOUDLY);
    assertThat(run.outcomes())
        .extracting(TestOutcome::status)
        .containsExactly(TestStatus.PASSED, TestStatus.FAILED);
    assertThat(run.outcomes().get(1).exceptionType()).isEqualTo("org.junit.ComparisonFailure");
    assertThat(run.coverage().covers(GREETS, GREETER, 5)).isTrue();
  }

  @Test
  void validatesACandidateCompiledForTheProjectsRelease() {
    CandidateRun run =
        executor.runCandidate(
            layout, Map.of(GREETER, LOUD), List.of(LOUDLY, GREETS), Duration.ofSeconds(5), false);

    assertThat(run.outcomes())
        .extracting(TestOutcome::status)
        .containsExactly(TestStatus.PASSED, TestStatus.FAILED);
  }

  @Test
  void aWarmWorkerRunsSuccessiveCandidatesEachWithItsOwnClasses() {
    CandidateRun loud =
        executor.runCandidate(
            layout, Map.of(GREETER, LOUD), List.of(LOUDLY), Duration.ofSeconds(5), true);
    CandidateRun original =
        executor.runCandidate(layout, Map.of(), List.of(LOUDLY), Duration.ofSeconds(5), true);

    assertThat(loud.allPassed()).isTrue();
    assertThat(original.outcomes().get(0).status()).isEqualTo(TestStatus.FAILED);
    assertThat(original.workerPids()).isEqualTo(loud.workerPids()).hasSize(1);
  }
}

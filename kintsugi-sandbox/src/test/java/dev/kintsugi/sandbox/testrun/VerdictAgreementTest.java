package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path (warm worker) and the slow path (the project's own {@code mvn test} with the
 * candidate applied) give every candidate the same pass/fail verdict.
 */
class VerdictAgreementTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  private static final String CALC_TEST =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CalcTest {
        @Test
        void adds() {
          assertEquals(5, new Calc().add(2, 3));
        }

        @Test
        void absOfNegative() {
          assertEquals(4, new Calc().abs(-4));
        }

        @Test
        void twice() {
          assertEquals(6, new Calc().twice(3));
        }
      }
      """;

  @Test
  void fastAndSlowPathsAgreeOnEveryCandidate(
      @TempDir Path fast, @TempDir Path slow, @TempDir Path temp) throws Exception {
    for (Path project : List.of(fast, slow)) {
      SampleProjects.junit5(project);
      SampleProjects.write(project, Map.of("src/test/java/com/acme/CalcTest.java", CALC_TEST));
      Files.delete(project.resolve("src/test/java/com/acme/HangTest.java"));
    }
    ProjectLayout layout = new MavenProject(fast).resolveLayout(TIMEOUT);
    List<TestId> tests =
        List.of(
            new TestId("com.acme.CalcTest", "adds"),
            new TestId("com.acme.CalcTest", "absOfNegative"),
            new TestId("com.acme.CalcTest", "twice"));
    // A fix, a wrong edit, and one that does not compile.
    Map<String, Boolean> expected = Map.of("a + b", true, "a * b", false, "a +", false);

    try (TestExecutor executor = new TestExecutor(temp, 1)) {
      for (Map.Entry<String, Boolean> candidate : expected.entrySet()) {
        String source = SampleProjects.CALC.replace("a - b", candidate.getKey());

        boolean fastPassed =
            executor
                .runCandidate(
                    layout,
                    Map.of(SampleProjects.CALC_PATH, source),
                    tests,
                    Duration.ofSeconds(5),
                    true)
                .allPassed();
        Files.writeString(slow.resolve(SampleProjects.CALC_PATH), source);
        boolean slowPassed;
        try {
          slowPassed = new MavenProject(slow).runTests(Optional.empty(), TIMEOUT).green();
        } catch (BuildFailedException e) {
          slowPassed = false;
        }

        assertThat(fastPassed).as("fast verdict of %s", candidate.getKey()).isEqualTo(slowPassed);
        assertThat(fastPassed)
            .as("verdict of %s", candidate.getKey())
            .isEqualTo(candidate.getValue());
      }
    }
  }
}

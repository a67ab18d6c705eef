package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JUnit 6 numbers the platform like Jupiter: the launcher must be 6.x too. */
class JUnit6ProjectTest {

  @Test
  void runsTestsOfAJUnit6Project(@TempDir Path dir) throws Exception {
    ProjectLayout layout =
        new MavenProject(SampleProjects.junit5(dir, "6.1.3")).resolveLayout(Duration.ofMinutes(3));

    assertThat(layout.platformLauncherJar())
        .hasValueSatisfying(
            jar -> assertThat(jar.getFileName()).hasToString("junit-platform-launcher-6.1.3.jar"));

    CandidateRun run;
    try (TestExecutor executor = new TestExecutor()) {
      run =
          executor.runCandidate(
              layout,
              Map.of(SampleProjects.CALC_PATH, SampleProjects.CALC.replace("a - b", "a + b")),
              List.of(
                  new TestId("com.acme.CalcTest", "adds"),
                  new TestId("com.acme.CalcTest", "absIsNonNegative")),
              Duration.ofSeconds(5),
              false);
    }

    assertThat(run.outcomes())
        .allSatisfy(outcome -> assertThat(outcome.status()).isEqualTo(TestStatus.PASSED))
        .hasSize(2);
  }
}

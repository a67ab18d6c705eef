package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.TestFramework;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenProjectJUnit4Test {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir static Path dir;
  private static MavenProject project;

  @BeforeAll
  static void writeProject() throws Exception {
    project = new MavenProject(SampleProjects.junit4(dir));
  }

  @Test
  void resolvesAJUnit4ProjectWithoutLauncher() {
    ProjectLayout layout = project.resolveLayout(TIMEOUT);

    assertThat(layout.framework()).isEqualTo(TestFramework.JUNIT4);
    assertThat(layout.platformLauncherJar()).isEmpty();
    assertThat(layout.classpath())
        .anyMatch(jar -> jar.getFileName().toString().equals("junit-4.13.2.jar"));
    assertThat(layout.javaRelease()).isEqualTo(11);
  }

  @Test
  void readsJUnit4Results() {
    TestRunResult run = project.runTests(Optional.empty(), TIMEOUT);

    assertThat(run.passing())
        .extracting(o -> o.id())
        .containsExactly(new TestId("com.acme.GreeterTest", "greets"));
    assertThat(run.failing())
        .singleElement()
        .satisfies(
            failed -> {
              assertThat(failed.id().methodName()).isEqualTo("greetsLoudly");
              assertThat(failed.status()).isEqualTo(TestStatus.FAILED);
              assertThat(failed.exceptionType()).isEqualTo("org.junit.ComparisonFailure");
            });
  }
}

package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.TestFramework;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Maven build of a project whose tests attack the host, run confined. */
class MavenProjectConfinedTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir static Path scratch;
  private static Path victim;
  private static Path homeMark;
  private static MavenProject project;

  @BeforeAll
  static void writeProject() throws Exception {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    victim = Files.writeString(Files.createTempFile(target, "victim-", ".txt"), "keep me");
    homeMark = Path.of(System.getProperty("user.home"), "kintsugi-mark-" + System.nanoTime());
    Path root = SampleProjects.junit5(scratch.resolve("project"));
    SampleProjects.write(
        root,
        Map.of(
            "src/test/java/com/acme/EvilTest.java",
            """
            package com.acme;

            import java.nio.file.Files;
            import java.nio.file.Path;
            import org.junit.jupiter.api.Test;

            class EvilTest {
              @Test
              void deletesOutside() throws Exception {
                Files.delete(Path.of("VICTIM"));
              }

              @Test
              void writesHome() throws Exception {
                Files.writeString(Path.of("MARK"), "x");
              }

              @Test
              void connects() throws Exception {
                new java.net.Socket("repo.maven.apache.org", 443).close();
              }
            }
            """
                .replace("VICTIM", victim.toString())
                .replace("MARK", homeMark.toString())));
    Sandbox sandbox = Sandbox.open(SandboxPolicy.defaults().withWritable(scratch));
    project = new MavenProject(root, sandbox);
  }

  @AfterAll
  static void cleanUp() throws Exception {
    Files.deleteIfExists(victim);
    Files.deleteIfExists(homeMark);
  }

  @Test
  void runsTheBuildConfinedAndItsTestsCannotHarmTheHost() {
    TestRunResult run = project.runTests(Optional.empty(), TIMEOUT);

    assertThat(run.timedOut()).isFalse();
    assertThat(run.passing())
        .extracting(TestOutcome::id)
        .contains(new TestId("com.acme.CalcTest", "absOfNegative"))
        .contains(new TestId("com.acme.EvilTest", "writesHome")); // into an empty, private home
    assertThat(run.failing())
        .extracting(TestOutcome::id)
        .contains(new TestId("com.acme.CalcTest", "adds"))
        .contains(new TestId("com.acme.EvilTest", "deletesOutside"))
        .contains(new TestId("com.acme.EvilTest", "connects"));
    assertThat(victim).hasContent("keep me");
    assertThat(homeMark).doesNotExist();
  }

  @Test
  void resolvesTheLayoutConfined() {
    ProjectLayout layout = project.resolveLayout(TIMEOUT);

    assertThat(layout.framework()).isEqualTo(TestFramework.JUNIT_PLATFORM);
    assertThat(layout.platformLauncherJar()).isPresent();
    assertThat(layout.testClasses().resolve("com/acme/EvilTest.class")).exists();
  }
}

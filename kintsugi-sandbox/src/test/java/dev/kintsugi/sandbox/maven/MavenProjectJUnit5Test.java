package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.BuildFailedException;
import dev.kintsugi.sandbox.Processes;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.TestFramework;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MavenProjectJUnit5Test {

  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  @TempDir static Path dir;
  private static ProjectLayout layout;
  private static TestRunResult run;

  @BeforeAll
  static void buildOnce() throws Exception {
    MavenProject project = new MavenProject(SampleProjects.junit5(dir));
    layout = project.resolveLayout(TIMEOUT);
    run = project.runTests(Optional.empty(), TIMEOUT);
  }

  @Nested
  class RunTests {

    @Test
    void readsFailingAndPassingTestsWithTraces() {
      Map<TestId, TestOutcome> byId =
          run.outcomes().stream().collect(Collectors.toMap(TestOutcome::id, Function.identity()));

      TestOutcome adds = byId.get(new TestId("com.acme.CalcTest", "adds"));
      assertThat(adds.status()).isEqualTo(TestStatus.FAILED);
      assertThat(adds.exceptionType()).isEqualTo("org.opentest4j.AssertionFailedError");
      assertThat(adds.message()).isEqualTo("expected: <5> but was: <-1>");
      assertThat(adds.stackTrace()).contains("at com.acme.CalcTest.adds(CalcTest.java:14)");
      // Untrimmed: framework frames are kept.
      assertThat(adds.stackTrace()).contains("org.junit.jupiter.api.AssertEquals");

      TestOutcome broken = byId.get(new TestId("com.acme.CalcTest", "broken"));
      assertThat(broken.status()).isEqualTo(TestStatus.ERROR);
      assertThat(broken.exceptionType()).isEqualTo("java.lang.IllegalStateException");

      assertThat(byId.get(new TestId("com.acme.CalcTest", "twice")).status())
          .isEqualTo(TestStatus.PASSED);
      assertThat(run.failing()).hasSize(2);
      assertThat(run.timedOut()).isFalse();
      assertThat(run.exitCode()).isZero();
    }

    @Test
    void foldsParameterizedInvocationsAndKeepsNestedClasses() {
      assertThat(run.outcomes())
          .filteredOn(o -> o.id().methodName().equals("absIsNonNegative"))
          .singleElement()
          .satisfies(o -> assertThat(o.status()).isEqualTo(TestStatus.PASSED));
      assertThat(run.outcomes()).hasSize(8);
      assertThat(run.passing())
          .extracting(TestOutcome::id)
          .contains(new TestId("com.acme.CalcTest$Twice", "ofZero"));
    }

    @Test
    void reportsAProjectThatDoesNotCompile(@TempDir Path other) throws Exception {
      SampleProjects.junit5(other);
      Path calc = other.resolve(SampleProjects.CALC_PATH);
      Files.writeString(calc, SampleProjects.CALC.replace("return a - b;", "return \"a\";"));

      assertThatThrownBy(() -> new MavenProject(other).runTests(Optional.empty(), TIMEOUT))
          .isInstanceOf(BuildFailedException.class)
          .hasMessageContaining("does not compile")
          .hasMessageContaining("Calc.java:[5,");
    }

    @Test
    void killsAHungTestRunAndReportsTheTimeout(@TempDir Path other) throws Exception {
      SampleProjects.junit5(other);
      Files.writeString(other.resolve("hang.flag"), "");

      TestRunResult hung =
          new MavenProject(other).runTests(Optional.empty(), Duration.ofSeconds(20));

      assertThat(hung.timedOut()).isTrue();
      assertThat(hung.green()).isFalse();
      long testJvm = Long.parseLong(Files.readString(other.resolve("hang.pid")));
      assertThat(Processes.running(testJvm)).isFalse();
    }

    @Test
    void runsACustomTestCommand(@TempDir Path other) throws Exception {
      Files.writeString(other.resolve("pom.xml"), "<project/>");
      Files.writeString(
          other.resolve("report.xml"),
          "<testsuite><testcase name=\"ok\" classname=\"a.BTest\" time=\"1,234.5\"/></testsuite>");

      TestRunResult custom =
          new MavenProject(other)
              .runTests(
                  Optional.of(
                      "mkdir -p target/surefire-reports"
                          + " && cp report.xml target/surefire-reports/TEST-a.BTest.xml"),
                  TIMEOUT);

      assertThat(custom.outcomes())
          .containsExactly(TestOutcome.passed(new TestId("a.BTest", "ok"), 1_234_500));
      assertThat(custom.green()).isTrue();
    }
  }

  @Nested
  class ResolveLayout {

    @Test
    void findsTheStandardLayoutAndTheTestClasspath() {
      assertThat(layout.root()).isEqualTo(dir.toAbsolutePath().normalize());
      assertThat(layout.mainSourceRoots()).containsExactly(layout.root().resolve("src/main/java"));
      assertThat(layout.testSourceRoots()).containsExactly(layout.root().resolve("src/test/java"));
      assertThat(layout.mainClasses().resolve("com/acme/Calc.class")).isRegularFile();
      assertThat(layout.testClasses().resolve("com/acme/CalcTest.class")).isRegularFile();
      assertThat(layout.classpath())
          .anyMatch(jar -> jar.getFileName().toString().equals("junit-jupiter-api-5.14.1.jar"))
          .allMatch(Files::exists);
      assertThat(layout.javaRelease()).isEqualTo(17);
    }

    @Test
    void aTestRunLeavesTheClasspathSoTheLayoutNeedsNoSecondMavenRun() throws Exception {
      // buildOnce resolved the layout with Maven, then ran the tests, which wrote the file.
      Path written = dir.resolve(RunClasspaths.FILE);
      assertThat(written).isRegularFile();
      assertThat(new MavenProject(dir).resolveLayout(TIMEOUT).classpath())
          .isEqualTo(layout.classpath());

      // The layout is read from the run's file (a marker added to it shows up)...
      Path marker = dir.resolve("marker.jar");
      Files.writeString(
          written, Files.readString(written).strip() + java.io.File.pathSeparator + marker);
      assertThat(new MavenProject(dir).resolveLayout(TIMEOUT).classpath()).endsWith(marker);

      // ...and a custom test command, which writes none, leaves it to Maven again.
      MavenProject custom = new MavenProject(dir);
      custom.runTests(Optional.of("mvn -B -q -Dmaven.test.failure.ignore=true test"), TIMEOUT);
      assertThat(written).doesNotExist();
      assertThat(custom.resolveLayout(TIMEOUT).classpath()).isEqualTo(layout.classpath());
    }

    @Test
    void findsTheMatchingPlatformLauncher() {
      assertThat(layout.framework()).isEqualTo(TestFramework.JUNIT_PLATFORM);
      assertThat(layout.platformLauncherJar())
          .hasValueSatisfying(
              jar -> {
                assertThat(jar.getFileName().toString())
                    .isEqualTo("junit-platform-launcher-1.14.1.jar");
                assertThat(jar).isRegularFile();
              });
    }

    @Test
    void refusesAReactorWithoutATestedModule(@TempDir Path other) throws Exception {
      Files.writeString(
          other.resolve("pom.xml"),
          "<project><packaging>pom</packaging><modules><module>a</module></modules></project>");

      assertThatThrownBy(() -> new MavenProject(other).resolveLayout(TIMEOUT))
          .isInstanceOf(UnsupportedProjectException.class)
          .hasMessageContaining("no module of the multi-module build")
          .hasMessageContaining("has run tests");
    }
  }

  @Test
  void recognizesMavenProjects(@TempDir Path other) {
    assertThat(MavenProject.isMavenProject(dir)).isTrue();
    assertThat(MavenProject.isMavenProject(other)).isFalse();
    assertThatThrownBy(() -> new MavenProject(other))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no pom.xml");
  }
}

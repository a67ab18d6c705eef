package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.SampleProjects;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import dev.kintsugi.sandbox.maven.MavenProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path runs the tests the project's own build runs, the way it runs them: a JUnit 4
 * project whose Surefire includes only {@code *_TEST} classes, with an argLine, system properties,
 * environment variables and a working directory of its own, and tests failing by stack overflow and
 * by JUnit's own timeout. The build (confined, as in a heal) and the coverage run must agree.
 */
class BuildDecidesTestsTest {

  private static final String POM =
      SampleProjects.pom(
          "custom",
          SampleProjects.JUNIT4,
          "<greeting>hello</greeting><argLine>-Dfrom.argline=${greeting} -Xss1m</argLine>",
          "<includes><include>**/*_TEST.java</include></includes>"
              + "<argLine>@{argLine} -Dsecond.arg=\"with space\"</argLine>"
              + "<systemPropertyVariables><mode>strict</mode></systemPropertyVariables>"
              + "<environmentVariables><KINTSUGI_SAMPLE>on</KINTSUGI_SAMPLE></environmentVariables>"
              + "<workingDirectory>${project.build.directory}/work</workingDirectory>");

  private static final String WALKER =
      """
      package com.acme;

      public class Walker {
        public static int stepsDown(int n) {
          return n == 0 ? 0 : 1 + stepsDown(n + 1);
        }

        public static void waitForIt() throws InterruptedException {
          Thread.sleep(30_000);
        }
      }
      """;

  private static final String WALKER_TEST =
      """
      package com.acme;

      import static org.junit.Assert.assertEquals;

      import java.nio.file.Path;
      import org.junit.Test;

      public class Walker_TEST {
        @Test
        public void overflows() {
          assertEquals(3, Walker.stepsDown(3));
        }

        @Test(timeout = 300)
        public void timesOut() throws Exception {
          Walker.waitForIt();
        }

        @Test
        public void seesTheBuildsSettings() {
          assertEquals("hello", System.getProperty("from.argline"));
          assertEquals("with space", System.getProperty("second.arg"));
          assertEquals("strict", System.getProperty("mode"));
          assertEquals("on", System.getenv("KINTSUGI_SAMPLE"));
          assertEquals("work", Path.of("").toAbsolutePath().getFileName().toString());
        }
      }
      """;

  /** Named like a test, but not included by the build: the fast path must not run it either. */
  private static final String NOT_INCLUDED =
      """
      package com.acme;

      import org.junit.Test;

      public class HelperTest {
        @Test
        public void failsIfRun() {
          throw new IllegalStateException("not a test of this build");
        }
      }
      """;

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static TestRunResult build;
  private static CoverageRun coverage;
  private static ProjectLayout layout;

  @BeforeAll
  static void buildAndRunBoth() throws Exception {
    Sandbox sandbox = Sandbox.open(SandboxPolicy.defaults().withWritable(dir, temp));
    MavenProject project =
        new MavenProject(
            SampleProjects.write(
                dir,
                Map.of(
                    "pom.xml", POM,
                    "src/main/java/com/acme/Walker.java", WALKER,
                    "src/test/java/com/acme/Walker_TEST.java", WALKER_TEST,
                    "src/test/java/com/acme/HelperTest.java", NOT_INCLUDED)),
            sandbox);
    build = project.runTests(Optional.empty(), Duration.ofMinutes(3));
    layout = project.resolveLayout(Duration.ofMinutes(3));
    try (TestExecutor executor = new TestExecutor(temp, 1, sandbox)) {
      coverage = executor.runAllWithCoverage(layout, Duration.ofMinutes(2));
    }
  }

  @Test
  void theBuildItselfBehavesAsDescribed() {
    assertThat(statuses(build.outcomes()))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                test("overflows"), TestStatus.ERROR,
                test("timesOut"), TestStatus.ERROR,
                test("seesTheBuildsSettings"), TestStatus.PASSED));
  }

  @Test
  void runsExactlyTheTestsTheBuildRan() {
    assertThat(layout.testSettings().testClasses()).containsExactly("com.acme.Walker_TEST");
    assertThat(coverage.outcomes())
        .extracting(TestOutcome::id)
        .containsExactlyInAnyOrderElementsOf(
            build.outcomes().stream().map(TestOutcome::id).toList());
  }

  @Test
  void argLineSystemPropertiesEnvironmentAndWorkingDirectoryReachTheTests() {
    assertThat(outcome(coverage.outcomes(), "seesTheBuildsSettings").status())
        .as("%s", outcome(coverage.outcomes(), "seesTheBuildsSettings"))
        .isEqualTo(TestStatus.PASSED);
  }

  @Test
  void stackOverflowAndJUnitTimeoutFailAsInTheBuild() {
    assertThat(statuses(coverage.outcomes())).isEqualTo(statuses(build.outcomes()));
    assertThat(outcome(coverage.outcomes(), "overflows").exceptionType())
        .isEqualTo("java.lang.StackOverflowError");
    assertThat(outcome(coverage.outcomes(), "timesOut").exceptionType())
        .isEqualTo("org.junit.runners.model.TestTimedOutException");
    // The frames localize the fault (JaCoCo records no line of a call that never returns).
    assertThat(outcome(coverage.outcomes(), "overflows").stackTrace())
        .contains("com.acme.Walker.stepsDown(Walker.java:5)");
  }

  private static TestId test(String method) {
    return new TestId("com.acme.Walker_TEST", method);
  }

  private static TestOutcome outcome(List<TestOutcome> outcomes, String method) {
    return outcomes.stream().filter(o -> o.id().equals(test(method))).findFirst().orElseThrow();
  }

  private static Map<TestId, TestStatus> statuses(List<TestOutcome> outcomes) {
    return outcomes.stream()
        .collect(Collectors.toMap(TestOutcome::id, TestOutcome::status, (a, b) -> a));
  }
}

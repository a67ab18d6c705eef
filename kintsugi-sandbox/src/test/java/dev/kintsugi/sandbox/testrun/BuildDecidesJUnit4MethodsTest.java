package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.SampleProjects;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker judges every test method of a JUnit 4 project as its build does: {@code @Ignore},
 * {@code expected}, the {@code TemporaryFolder} and {@code ExpectedException} rules, and a method
 * the build's {@code <test>Class#pattern</test>} leaves out.
 */
class BuildDecidesJUnit4MethodsTest {

  private static final String POM =
      SampleProjects.pom("legacy", SampleProjects.JUNIT4, "", "<test>LegacyTest#check*</test>");

  private static final String CALC =
      """
      package com.acme;

      public class Calc {
        public static int divide(int a, int b) {
          return b == 1 ? a + 1 : a / b;
        }
      }
      """;

  private static final String LEGACY_TEST =
      """
      package com.acme;

      import static org.junit.Assert.assertEquals;
      import static org.junit.Assert.assertTrue;
      import static org.junit.Assert.fail;

      import java.io.IOException;
      import org.junit.Ignore;
      import org.junit.Rule;
      import org.junit.Test;
      import org.junit.rules.ExpectedException;
      import org.junit.rules.TemporaryFolder;

      public class LegacyTest {
        @Rule public TemporaryFolder folder = new TemporaryFolder();
        @Rule public ExpectedException thrown = ExpectedException.none();

        @Test
        public void checkPasses() {
          assertEquals(2, Calc.divide(4, 2));
        }

        @Test
        public void checkFails() {
          assertEquals(4, Calc.divide(4, 1));
        }

        @Ignore("not today")
        @Test
        public void checkIgnored() {
          fail("ignored tests do not run");
        }

        @Test(expected = ArithmeticException.class)
        public void checkExpected() {
          Calc.divide(1, 0);
        }

        @Test(expected = ArithmeticException.class)
        public void checkExpectedButNotThrown() {
          Calc.divide(1, 2);
        }

        @Test
        public void checkTemporaryFolder() throws IOException {
          assertTrue(folder.newFile("scratch.txt").exists());
        }

        @Test
        public void checkExpectedException() {
          thrown.expect(ArithmeticException.class);
          Calc.divide(1, 0);
        }

        @Test
        public void checkExpectedExceptionMissing() {
          thrown.expect(IllegalStateException.class);
          Calc.divide(1, 0);
        }

        @Test
        public void notSelectedByTheBuild() {
          fail("the build's <test> pattern leaves this out");
        }
      }
      """;

  @TempDir static Path dir;
  @TempDir static Path temp;
  private static BuildAndWorker run;

  @BeforeAll
  static void buildAndRunBoth() throws Exception {
    run =
        BuildAndWorker.run(
            dir,
            temp,
            Map.of(
                "pom.xml", POM,
                "src/main/java/com/acme/Calc.java", CALC,
                "src/test/java/com/acme/LegacyTest.java", LEGACY_TEST));
  }

  @Test
  void theBuildItselfBehavesAsDescribed() {
    String c = "com.acme.LegacyTest#";
    assertThat(run.buildVerdicts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                c + "checkPasses", TestStatus.PASSED,
                c + "checkFails", TestStatus.FAILED,
                c + "checkIgnored", TestStatus.SKIPPED,
                c + "checkExpected", TestStatus.PASSED,
                c + "checkExpectedButNotThrown", TestStatus.FAILED,
                c + "checkTemporaryFolder", TestStatus.PASSED,
                c + "checkExpectedException", TestStatus.PASSED,
                c + "checkExpectedExceptionMissing", TestStatus.FAILED));
  }

  @Test
  void theWorkerJudgesEveryMethodAsTheBuild() {
    assertThat(run.workerVerdicts()).isEqualTo(run.buildVerdicts());
  }
}

package dev.kintsugi.sandbox.testrun;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.sandbox.SampleProjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that end the build's test JVM, so Surefire writes no report for them: {@code System.exit}
 * (the log names the class) and a JUnit 5 test running out of heap (the fork's dump file holds the
 * trace). The build's verdict is an error for each, and the worker fails them the same way without
 * dying silently.
 */
class BuildDecidesExitAndOutOfMemoryTest {

  private static final String POM =
      SampleProjects.pom(
          "quitter",
          SampleProjects.JUPITER,
          "",
          "<argLine>-Xmx64m</argLine><reuseForks>false</reuseForks>");

  private static final String MAIN =
      """
      package com.acme;

      import java.util.ArrayList;
      import java.util.List;

      public class Quitter {
        public static int quit(int code) {
          System.exit(code);
          return code;
        }

        public static int hoard() {
          List<long[]> kept = new ArrayList<>();
          while (true) {
            kept.add(new long[1 << 20]);
          }
        }
      }
      """;

  private static final String TESTS =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class QuitterTest {
        @Test
        void passes() {
          assertEquals(1, 1);
        }

        @Test
        void hoards() {
          assertEquals(0, Quitter.hoard());
        }

      }
      """;

  private static final String EXIT_TESTS =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class ExitTest {
        @Test
        void exits() {
          assertEquals(3, Quitter.quit(3));
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
                "src/main/java/com/acme/Quitter.java", MAIN,
                "src/test/java/com/acme/QuitterTest.java", TESTS,
                "src/test/java/com/acme/ExitTest.java", EXIT_TESTS));
  }

  @Test
  void aTestThatExitsIsAnErrorOfItsClassInTheBuildAndOfItsMethodInTheWorker() {
    TestOutcome build = outcome(run.build().outcomes(), "com.acme.ExitTest");
    assertThat(build.status()).isEqualTo(TestStatus.ERROR);
    assertThat(build.message()).contains("exit code 3").contains("System.exit");
    TestOutcome worker = outcome(run.coverage().outcomes(), "com.acme.ExitTest#exits");
    assertThat(worker.status()).isEqualTo(TestStatus.ERROR);
    // Reported by the worker itself as it went down: the frames show who called System.exit.
    assertThat(worker.message()).contains("System.exit called");
    assertThat(worker.stackTrace()).contains("com.acme.Quitter.quit(Quitter.java:8)");
  }

  @Test
  void aTestThatRunsOutOfMemoryIsAnOutOfMemoryErrorInBoth() {
    for (List<TestOutcome> outcomes : List.of(run.build().outcomes(), run.coverage().outcomes())) {
      TestOutcome hoards = outcome(outcomes, "com.acme.QuitterTest#hoards");
      assertThat(hoards.status()).isEqualTo(TestStatus.ERROR);
      assertThat(hoards.exceptionType() + hoards.message() + hoards.stackTrace())
          .contains("java.lang.OutOfMemoryError");
    }
    assertThat(outcome(run.build().outcomes(), "com.acme.QuitterTest#hoards").stackTrace())
        .contains("at com.acme.Quitter.hoard(Quitter.java:");
  }

  @Test
  void theWorkerRunsACrashedClassWhole() {
    // Surefire lost the report of the class whose fork died, passing tests included.
    assertThat(run.build().outcomes())
        .noneMatch(o -> o.id().toString().equals("com.acme.QuitterTest#passes"));
    assertThat(run.layout().testSettings().testMethods())
        .noneMatch(m -> m.startsWith("com.acme.QuitterTest#"));
    assertThat(outcome(run.coverage().outcomes(), "com.acme.QuitterTest#passes").status())
        .isEqualTo(TestStatus.PASSED);
  }

  private static TestOutcome outcome(List<TestOutcome> outcomes, String id) {
    return outcomes.stream()
        .filter(o -> o.id().toString().equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + id + " in " + outcomes));
  }
}

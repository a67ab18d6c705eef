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
 * The worker judges every test method of a JUnit 5 project as its build does: {@code @Disabled}, a
 * method the build's tag filter leaves out, a {@code @ParameterizedTest} with one failing
 * invocation and {@code @TestFactory} dynamic tests.
 */
class BuildDecidesJUnit5MethodsTest {

  private static final String POM =
      SampleProjects.pom(
          "shapes", SampleProjects.JUPITER, "", "<excludedGroups>slow</excludedGroups>");

  private static final String CALC =
      """
      package com.acme;

      public class Calc {
        public static int square(int x) {
          return x == 3 ? 10 : x * x;
        }
      }
      """;

  private static final String CALC_TEST =
      """
      package com.acme;

      import static org.junit.jupiter.api.Assertions.assertEquals;
      import static org.junit.jupiter.api.Assertions.fail;
      import static org.junit.jupiter.api.DynamicTest.dynamicTest;

      import java.util.stream.IntStream;
      import java.util.stream.Stream;
      import org.junit.jupiter.api.Disabled;
      import org.junit.jupiter.api.DynamicTest;
      import org.junit.jupiter.api.Tag;
      import org.junit.jupiter.api.Test;
      import org.junit.jupiter.api.TestFactory;
      import org.junit.jupiter.params.ParameterizedTest;
      import org.junit.jupiter.params.provider.ValueSource;

      class CalcTest {
        @Test
        void passes() {
          assertEquals(4, Calc.square(2));
        }

        @Test
        @Disabled("not today")
        void disabled() {
          fail("disabled tests do not run");
        }

        @Test
        @Tag("slow")
        void slowAndExcluded() {
          fail("the build's excludedGroups leave this out");
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3})
        void squares(int x) {
          assertEquals(x * x, Calc.square(x));
        }

        @TestFactory
        Stream<DynamicTest> dynamicSquares() {
          return IntStream.of(1, 2, 3)
              .mapToObj(x -> dynamicTest("square of " + x, () -> assertEquals(x * x, Calc.square(x))));
        }

        @TestFactory
        Stream<DynamicTest> dynamicPasses() {
          return IntStream.of(1, 2).mapToObj(x -> dynamicTest("x" + x, () -> assertEquals(1, 1)));
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
                "src/test/java/com/acme/CalcTest.java", CALC_TEST));
  }

  @Test
  void theBuildItselfBehavesAsDescribed() {
    assertThat(run.buildVerdicts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "com.acme.CalcTest#passes", TestStatus.PASSED,
                "com.acme.CalcTest#disabled", TestStatus.SKIPPED,
                "com.acme.CalcTest#squares", TestStatus.FAILED,
                "com.acme.CalcTest#dynamicSquares", TestStatus.FAILED,
                "com.acme.CalcTest#dynamicPasses", TestStatus.PASSED));
  }

  @Test
  void theWorkerJudgesEveryMethodAsTheBuild() {
    assertThat(run.workerVerdicts()).isEqualTo(run.buildVerdicts());
  }

  @Test
  void theWorkerIsToldTheMethodsTheBuildRan() {
    assertThat(run.layout().testSettings().testMethods())
        .contains("com.acme.CalcTest#passes", "com.acme.CalcTest#squares")
        .doesNotContain("com.acme.CalcTest#slowAndExcluded");
  }
}

package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlatformAdapterTest {

  private static final String CASES = SampleCases.class.getName();
  private static PlatformAdapter adapter;

  @BeforeAll
  static void createAdapter() throws Exception {
    Path testClasses =
        Path.of(
            PlatformAdapterTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    adapter = new PlatformAdapter(testClasses, PlatformAdapterTest.class.getClassLoader());
  }

  @Test
  void discoversTestClassesByName() {
    assertThat(adapter.discover())
        .contains(WireTest.class.getName() + "#escapedFieldsSurviveOneLine")
        .noneMatch(id -> id.startsWith(CASES));
  }

  @Test
  void discoversExactlyTheClassesTheBuildRanWhateverTheirNames() throws Exception {
    Path testClasses =
        Path.of(
            PlatformAdapterTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    PlatformAdapter built =
        new PlatformAdapter(
            TestClassNames.listed(testClasses, List.of(CASES)),
            PlatformAdapterTest.class.getClassLoader());

    assertThat(built.discover()).isNotEmpty().allMatch(id -> id.startsWith(CASES));
  }

  @Test
  void runsOnlyTheMethodsTheBuildRan() throws Exception {
    Path testClasses =
        Path.of(
            PlatformAdapterTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    PlatformAdapter built =
        new PlatformAdapter(
            TestClassNames.listed(
                testClasses, List.of(CASES + "#passes", CASES + "#positiveUnlessTwo")),
            PlatformAdapterTest.class.getClassLoader());

    assertThat(built.discover())
        .containsExactlyInAnyOrder(CASES + "#passes", CASES + "#positiveUnlessTwo");
    // The whole class: the failing methods the build left out do not run.
    assertThat(built.run(CASES, "").status()).isEqualTo("FAILED");
    PlatformAdapter passingOnly =
        new PlatformAdapter(
            TestClassNames.listed(testClasses, List.of(CASES + "#passes")),
            PlatformAdapterTest.class.getClassLoader());
    assertThat(passingOnly.run(CASES, "").status()).isEqualTo("PASSED");
  }

  @Test
  void reportsPassFailureErrorAndSkip() throws Exception {
    assertThat(adapter.run(CASES, "passes").status()).isEqualTo("PASSED");

    Outcome failed = adapter.run(CASES, "fails");
    assertThat(failed.status()).isEqualTo("FAILED");
    assertThat(failed.exceptionType()).isEqualTo("org.opentest4j.AssertionFailedError");
    assertThat(failed.message()).contains("sum");
    assertThat(failed.stackTrace()).contains("SampleCases.fails(SampleCases.java:");

    Outcome error = adapter.run(CASES, "throwsIllegalState");
    assertThat(error.status()).isEqualTo("ERROR");
    assertThat(error.exceptionType()).isEqualTo("java.lang.IllegalStateException");

    assertThat(adapter.run(CASES, "disabled").status()).isEqualTo("SKIPPED");
  }

  @Test
  void runsEveryInvocationOfAParameterizedMethod() throws Exception {
    Outcome outcome = adapter.run(CASES, "positiveUnlessTwo");

    assertThat(outcome.status()).isEqualTo("FAILED");
    assertThat(outcome.message()).contains("value 2");
  }

  @Test
  void runsNestedClassMethods() throws Exception {
    assertThat(adapter.run(CASES + "$Inner", "nestedPasses").status()).isEqualTo("PASSED");
  }

  @Test
  void runsAWholeClassForAnEmptyMethodName() throws Exception {
    assertThat(adapter.run(CASES + "$Inner", "").status()).isEqualTo("PASSED");
    assertThat(adapter.run(CASES, "").status()).isIn("FAILED", "ERROR");
  }

  @Test
  void unknownMethodIsAnError() throws Exception {
    Outcome outcome = adapter.run(CASES, "noSuchTest");

    assertThat(outcome.status()).isEqualTo("ERROR");
    assertThat(outcome.message()).contains("noSuchTest");
  }
}

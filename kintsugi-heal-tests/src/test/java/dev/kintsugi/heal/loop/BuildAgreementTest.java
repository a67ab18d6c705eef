package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildAgreementTest {

  @Test
  void agreesWhenEveryTestFailsOrPassesInBoth() {
    BuildAgreement agreement =
        BuildAgreement.of(
            List.of(
                outcome("overflows", TestStatus.ERROR, "java.lang.StackOverflowError"),
                outcome("adds[1]", TestStatus.PASSED, "")),
            List.of(
                outcome("overflows", TestStatus.ERROR, "java.lang.StackOverflowError"),
                outcome("adds", TestStatus.PASSED, "")));

    assertThat(agreement.agrees()).isTrue();
    assertThat(agreement.compared()).isEqualTo(2);
  }

  @Test
  void aClassLevelOutcomeOfTheBuildIsJudgedByTheWorstOfItsMethods() {
    // Surefire names only the class whose fork died; the worker reports the method.
    List<TestOutcome> build = List.of(outcome("", TestStatus.ERROR, ""));

    assertThat(
            BuildAgreement.of(
                    build,
                    List.of(
                        outcome("passes", TestStatus.PASSED, ""),
                        outcome("exits", TestStatus.ERROR, "")))
                .agrees())
        .isTrue();
    BuildAgreement unseen =
        BuildAgreement.of(build, List.of(outcome("passes", TestStatus.PASSED, "")));
    assertThat(unseen.agrees()).isFalse();
    assertThat(unseen.about(List.of("com.acme.Walker_TEST#")))
        .containsExactly("com.acme.Walker_TEST#: build ERROR, worker PASSED");
    assertThat(unseen.about(List.of("com.acme.Other#"))).isEmpty();
  }

  @Test
  void namesBothOutputsWhereTheWorkerJudgesOtherwiseOrDidNotRunTheTest() {
    BuildAgreement agreement =
        BuildAgreement.of(
            List.of(
                outcome("overflows", TestStatus.ERROR, "java.lang.StackOverflowError"),
                outcome("timesOut", TestStatus.ERROR, "TestTimedOutException")),
            List.of(outcome("overflows", TestStatus.PASSED, "")));

    assertThat(agreement.agrees()).isFalse();
    assertThat(agreement.summary())
        .startsWith("fast path disagrees with the build on 2 of 2 test(s)")
        .contains("com.acme.Walker_TEST#overflows: build ERROR (java.lang.StackOverflowError")
        .contains("worker PASSED")
        .contains("com.acme.Walker_TEST#timesOut: build ERROR")
        .contains("worker did not run it");
  }

  private static TestOutcome outcome(String method, TestStatus status, String type) {
    return new TestOutcome(
        new TestId("com.acme.Walker_TEST", method),
        status,
        1,
        type,
        type.isEmpty() ? "" : "boom",
        "");
  }
}

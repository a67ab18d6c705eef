package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestSelectionTest {

  static final String FILE = "src/main/java/A.java";
  static final String OTHER = "src/main/java/B.java";

  // Lines:         1            2                        3                4    5
  static final String A =
      "class A {\n  int f(int x) {\n    int y = x + 1;\n    return y * 2;\n  }\n"
          // 6            7                        8    9
          + "  int g() {\n    return 7;\n  }\n  int size;\n}\n";

  static final TestId FAILING = new TestId("ATest", "broken");
  static final TestId ON_LINE = new TestId("ATest", "onTheChangedLine");
  static final TestId IN_METHOD = new TestId("ATest", "earlierInTheMethod");
  static final TestId OTHER_METHOD = new TestId("ATest", "otherMethod");
  static final TestId OTHER_FILE = new TestId("BTest", "otherFile");
  static final TestId NOTHING = new TestId("CTest", "noMainCode");

  static final List<TestOutcome> BASELINE =
      List.of(
          TestOutcome.passed(IN_METHOD, 900),
          TestOutcome.passed(ON_LINE, 500),
          TestOutcome.passed(OTHER_METHOD, 1),
          TestOutcome.passed(OTHER_FILE, 2),
          TestOutcome.passed(NOTHING, 3),
          TestOutcome.passed(FAILING, 3));

  static final Coverage COVERAGE =
      new Coverage(
          Map.of(
              FAILING, Map.of(FILE, Set.of(3, 4)),
              ON_LINE, Map.of(FILE, Set.of(3, 4)),
              IN_METHOD, Map.of(OTHER, Set.of(1)),
              OTHER_METHOD, Map.of(FILE, Set.of(7)),
              OTHER_FILE, Map.of(OTHER, Set.of(2))));

  static Candidate changing(String after) {
    return new Candidate("t", "d", List.of(new FileChange(FILE, A, after)), 1);
  }

  @Test
  void runsTheFailingTestsThenThoseOnTheChangedLineThenThoseInItsMethodAndNoOthers() {
    Coverage coverage =
        new Coverage(
            Map.of(
                FAILING, Map.of(FILE, Set.of(3, 4)),
                ON_LINE, Map.of(FILE, Set.of(3, 4)),
                IN_METHOD, Map.of(FILE, Set.of(3)),
                OTHER_METHOD, Map.of(FILE, Set.of(7)),
                OTHER_FILE, Map.of(OTHER, Set.of(2))));
    var selection = new TestSelection(List.of(FAILING), BASELINE, coverage);

    var tests = selection.tests(changing(A.replace("y * 2", "y * 3")));

    assertThat(tests).containsExactly(FAILING, ON_LINE, IN_METHOD);
    assertThat(selection.baselineSize()).isEqualTo(6);
  }

  @Test
  void aChangeToCodeNoTestExecutedWidensToItsTypeAndThenToEveryTest() {
    var selection = new TestSelection(List.of(FAILING), BASELINE, COVERAGE);

    // Field `size` (line 9) has no code: no test executed it, so every test of type A runs.
    assertThat(selection.tests(changing(A.replace("int size;", "int size = 1;"))))
        .containsExactly(FAILING, OTHER_METHOD, ON_LINE);

    // No test executed any line of B: every test runs.
    var unknown =
        new Candidate("t", "d", List.of(new FileChange("src/main/java/C.java", A, A + "//")), 1);
    assertThat(selection.tests(unknown)).hasSize(6).startsWith(FAILING);
  }

  @Test
  void withoutCoverageEveryTestRunsFailingFirstThenFastestFirst() {
    var selection = new TestSelection(List.of(FAILING), BASELINE, Coverage.empty());

    assertThat(selection.tests(changing(A.replace("y * 2", "y * 3"))))
        .containsExactly(FAILING, OTHER_METHOD, OTHER_FILE, NOTHING, ON_LINE, IN_METHOD);
  }

  @Test
  void failingTestsRunFastestFirstSoACheapFailureSparesTheSlowOne() {
    TestId slowFailing = new TestId("SpringTest", "buildsAContext");
    var baseline = new java.util.ArrayList<>(BASELINE);
    baseline.add(TestOutcome.passed(slowFailing, 4_000));
    var selection = new TestSelection(List.of(slowFailing, FAILING), baseline, COVERAGE);

    assertThat(selection.tests(changing(A.replace("y * 2", "y * 3"))))
        .startsWith(FAILING, slowFailing);
  }

  @Test
  void candidatesAreNotJudgedByTestsTheBuildPassedAndTheWorkerFailedNorByServiceTests() {
    TestId flaky = new TestId("FlowTest", "sleepsForMessages");
    TestId service = new TestId("MailTest", "sends");
    var build =
        List.of(
            TestOutcome.passed(flaky, 300),
            TestOutcome.passed(ON_LINE, 5),
            new TestOutcome(FAILING, dev.kintsugi.core.signal.TestStatus.FAILED, 3, "", "", ""));
    var worker =
        List.of(
            new TestOutcome(flaky, dev.kintsugi.core.signal.TestStatus.FAILED, 400, "", "", ""),
            TestOutcome.passed(ON_LINE, 5),
            new TestOutcome(FAILING, dev.kintsugi.core.signal.TestStatus.FAILED, 3, "", "", ""),
            new TestOutcome(service, dev.kintsugi.core.signal.TestStatus.ERROR, 9, "", "", ""));

    assertThat(TestMatching.judging(build, worker, Set.of("MailTest#sends")))
        .extracting(TestOutcome::id)
        .containsExactly(ON_LINE, FAILING);
  }

  @Test
  void perTestTimeoutScalesWithTheSlowestTestWithinBounds() {
    TestId fast = new TestId("ATest", "fast");
    assertThat(TestMatching.perTestTimeout(List.of()).toMillis()).isEqualTo(2_000);
    assertThat(TestMatching.perTestTimeout(List.of(TestOutcome.passed(fast, 500))).toMillis())
        .isEqualTo(6_000);
    assertThat(TestMatching.perTestTimeout(List.of(TestOutcome.passed(fast, 600_000))).toMillis())
        .isEqualTo(60_000);
  }
}

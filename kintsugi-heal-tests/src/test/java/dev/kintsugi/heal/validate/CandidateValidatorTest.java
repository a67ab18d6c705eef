package dev.kintsugi.heal.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.sandbox.testrun.CandidateRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gate sequencing and the test-derived verdicts. The test bench here replays recorded runs; real
 * compilation and test JVMs are covered by the sandbox tests and HealLoopTest.
 */
class CandidateValidatorTest {

  static final TestId FAILING = new TestId("shop.CartTest", "total");
  static final TestId OTHER = new TestId("shop.CartTest", "max");

  @TempDir Path root;
  final List<Map<String, String>> benchCalls = new ArrayList<>();

  @BeforeEach
  void writeSource() throws Exception {
    Files.createDirectories(root.resolve(GatesTest.FILE).getParent());
    Files.writeString(root.resolve(GatesTest.FILE), GatesTest.BEFORE);
  }

  CandidateValidator validator(CandidateRun run) {
    return new CandidateValidator(
        new GateChain(root, Set.of(GatesTest.FILE), SizeLimits.DEFAULT, Set.of(FAILING)),
        (sources, tests) -> {
          benchCalls.add(sources);
          assertThat(tests).startsWith(FAILING);
          return run;
        },
        c -> List.of(FAILING, OTHER));
  }

  static CandidateRun ran(TestOutcome... outcomes) {
    return new CandidateRun(true, "", List.of(outcomes), false, false, 40, 300);
  }

  static TestOutcome failed(TestId id) {
    return new TestOutcome(
        id,
        TestStatus.FAILED,
        1,
        "org.opentest4j.AssertionFailedError",
        "expected: <6> but was: <7>",
        "");
  }

  @Test
  void aCandidateThatPassesEverythingIsPlausibleWithEvidence() {
    Verdict v =
        validator(ran(TestOutcome.passed(FAILING, 2), TestOutcome.passed(OTHER, 1)))
            .validate(GatesTest.candidate(GatesTest.fixed()));

    assertThat(v.plausible()).isTrue();
    assertThat(v.tested()).isTrue();
    assertThat(v.testsFixed()).isEqualTo(1);
    assertThat(v.gates())
        .extracting(GateVerdict::gate)
        .containsExactly(
            "applies",
            "parses",
            "scope",
            "protected-path",
            "size",
            "safety",
            "compiles",
            "failing-tests-pass",
            "relevant-tests-pass");
    assertThat(v.gates().get(8).evidence()).isEqualTo("2 test(s) pass");
    assertThat(benchCalls).containsExactly(Map.of(GatesTest.FILE, GatesTest.fixed()));
  }

  @Test
  void aCheapRejectionNeverReachesTheTestBench() {
    Verdict v =
        validator(ran())
            .validate(GatesTest.candidate(GatesTest.BEFORE.replace("return sum;", "return")));

    assertThat(v.plausible()).isFalse();
    assertThat(v.tested()).isFalse();
    assertThat(v.rejection()).map(GateVerdict::gate).contains("parses");
    assertThat(benchCalls).isEmpty();
  }

  @Test
  void compileErrorsAreAVerdictWithTheCompilerMessage() {
    Verdict v =
        validator(
                new CandidateRun(
                    false,
                    "Cart.java:6: cannot find symbol\n  symbol: variable n",
                    List.of(),
                    false,
                    false,
                    30,
                    0))
            .validate(GatesTest.candidate(GatesTest.fixed()));

    assertThat(v.tested()).isFalse();
    assertThat(v.rejection())
        .get()
        .satisfies(
            g -> {
              assertThat(g.gate()).isEqualTo("compiles");
              assertThat(g.evidence()).contains("cannot find symbol");
              assertThat(g.millis()).isEqualTo(30);
            });
  }

  @Test
  void stillFailingTestsAndBrokenTestsAreRejectedByTheirOwnGates() {
    Verdict stillFailing =
        validator(ran(failed(FAILING))).validate(GatesTest.candidate(GatesTest.fixed()));
    assertThat(stillFailing.rejection()).map(GateVerdict::gate).contains("failing-tests-pass");
    assertThat(stillFailing.rejection().get().evidence())
        .contains("shop.CartTest#total failed")
        .contains("expected: <6>");
    assertThat(stillFailing.testsFixed()).isZero();

    Verdict breaksOther =
        validator(ran(TestOutcome.passed(FAILING, 1), failed(OTHER)))
            .validate(GatesTest.candidate(GatesTest.fixed()));
    assertThat(breaksOther.rejection()).map(GateVerdict::gate).contains("relevant-tests-pass");
    assertThat(breaksOther.rejection().get().evidence()).startsWith("breaks shop.CartTest#max");
    assertThat(breaksOther.testsFixed()).isEqualTo(1);
  }

  @Test
  void aHangOrADeadWorkerIsNeverPlausible() {
    var timeout =
        new TestOutcome(FAILING, TestStatus.TIMEOUT, 2000, "", "did not finish in 2000 ms", "");
    Verdict hung = validator(ran(timeout)).validate(GatesTest.candidate(GatesTest.fixed()));
    assertThat(hung.rejection().get().evidence()).contains("timeout");

    Verdict died =
        validator(
                new CandidateRun(
                    true, "", List.of(TestOutcome.passed(FAILING, 1)), false, true, 1, 1))
            .validate(GatesTest.candidate(GatesTest.fixed()));
    assertThat(died.plausible()).isFalse();
    assertThat(died.rejection().get().evidence()).contains("worker died");
  }

  @Test
  void theEvidenceNamesAFailingTestThatRanNotOneTheFailFastStopLeftOut() {
    // Six tests failed before; the run stopped at the first failure, so five never ran. Whatever
    // order the set of failing tests iterates in, the evidence is the one that ran and failed.
    TestId ran = new TestId("shop.CartTest", "totalOfNone");
    Set<TestId> failing = new java.util.HashSet<>(Set.of(ran));
    for (int i = 0; i < 5; i++) {
      failing.add(new TestId("shop.CartTest", "notRun" + i));
    }
    Verdict v =
        new CandidateValidator(
                new GateChain(root, Set.of(GatesTest.FILE), SizeLimits.DEFAULT, failing),
                (sources, tests) -> ran(failed(ran)),
                c -> List.copyOf(failing))
            .validate(GatesTest.candidate(GatesTest.fixed()));

    assertThat(v.rejection().get().evidence())
        .startsWith("shop.CartTest#totalOfNone failed")
        .contains("expected: <6>");
  }
}

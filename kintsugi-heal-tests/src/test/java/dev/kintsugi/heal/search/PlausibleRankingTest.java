package dev.kintsugi.heal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlausibleRankingTest {

  static final String BEFORE =
      "class C {\n  int f(int k) {\n    if (k <= T.length) {\n      return T[k];\n    }\n"
          + "    return 9;\n  }\n}\n";

  static final String ORDER = "src/main/java/Order.java";
  static final String ORDER_BEFORE =
      "class Order {\n"
          + "  private final String billing;\n"
          + "  private final String shipping;\n"
          + "  Order(String billing, String shipping) {\n"
          + "    this.billing = billing;\n"
          + "    this.shipping = shipping;\n"
          + "  }\n"
          + "  String getBilling() {\n"
          + "    return billing;\n"
          + "  }\n"
          + "  String getShipping() {\n"
          + "    return shipping;\n"
          + "  }\n"
          + "}\n";
  static final String TAX = "src/main/java/Tax.java";
  static final String TAX_BEFORE =
      "class Tax {\n  String region(Order o) {\n    return o.getBilling();\n  }\n}\n";
  static final TestId FAILING = new TestId("TaxTest", "usesShipping");

  private static Verdict plausible(
      String name, String file, String before, String after, double s) {
    return new Verdict(
        new Candidate(name, name, List.of(new FileChange(file, before, after)), s),
        List.of(GateVerdict.pass("relevant-tests-pass", "ok")),
        true,
        1);
  }

  private static Verdict plausible(String name, String after, double score) {
    return plausible(name, "C.java", BEFORE, after, score);
  }

  private static List<String> order(List<PlausibleRanking.Ranked> ranked) {
    return ranked.stream().map(r -> r.candidate().repairer()).toList();
  }

  @Test
  void withoutEvidenceFewerChangedLinesThenFewerChangedCharactersThenTheHigherScoreWin() {
    Verdict clamp = plausible("clamp", BEFORE.replace("T[k]", "T[Math.min(k, T.length - 1)]"), 0.9);
    Verdict operator = plausible("operator", BEFORE.replace("k <= T", "k < T"), 0.4);
    Verdict twoLines =
        plausible("two-lines", BEFORE.replace("k <= T", "k < T").replace("9;", "8;"), 1.0);
    Verdict sameSizeLowScore = plausible("low", BEFORE.replace("k <= T", "k >= T"), 0.1);

    assertThat(
            order(
                PlausibleRanking.rank(
                    List.of(twoLines, clamp, sameSizeLowScore, operator),
                    PlausibleRanking.Evidence.none())))
        .containsExactly("operator", "low", "clamp", "two-lines");
    assertThat(PlausibleRanking.changedChars(operator.candidate())).isEqualTo(1);
  }

  @Test
  void aFixThatLeavesAFieldUnreadRanksBelowTheCallSiteFixAndSaysWhy() {
    // The getter now returns the other field: as small as the call-site fix, and both pass.
    Verdict getter =
        plausible(
            "getter",
            ORDER,
            ORDER_BEFORE,
            ORDER_BEFORE.replace("return billing;", "return shipping;"),
            0.9);
    Verdict callSite =
        plausible(
            "call-site", TAX, TAX_BEFORE, TAX_BEFORE.replace("getBilling", "getShipping"), 0.5);
    var coverage = new Coverage(Map.of(FAILING, Map.of(TAX, Set.of(3), ORDER, Set.of(5, 6, 9))));
    var evidence =
        new PlausibleRanking.Evidence(
            new Diagnosis(
                List.of(new RankedLocation(ORDER, 9, 0.7, ""), new RankedLocation(TAX, 3, 0.7, "")),
                ""),
            coverage,
            Set.of(FAILING));

    List<PlausibleRanking.Ranked> ranked =
        PlausibleRanking.rank(List.of(getter, callSite), evidence);

    assertThat(order(ranked)).containsExactly("call-site", "getter");
    assertThat(ranked.get(0).concerns()).isEmpty();
    assertThat(ranked.get(1).concerns()).containsExactly("leaves field billing unread");
    assertThat(PlausibleRanking.places(ranked)).containsExactly(TAX + ":3", ORDER + ":9");
  }

  static final String TWO_METHODS =
      BEFORE.replace(
          "    return 9;\n  }\n", "    return 9;\n  }\n  int g() {\n    return 5;\n  }\n");

  @Test
  void aFixInAMethodNoFailingTestEntersRanksBelowAndOfTwoAlikeTheMoreSuspiciousLineWins() {
    Verdict unexecuted =
        plausible("unexecuted", "C.java", TWO_METHODS, TWO_METHODS.replace("5;", "6;"), 0.9);
    Verdict operator =
        plausible("operator", "C.java", TWO_METHODS, TWO_METHODS.replace("k <= T", "k >= T"), 0.4);
    Verdict index =
        plausible("index", "C.java", TWO_METHODS, TWO_METHODS.replace("T[k]", "T[0]"), 0.3);
    var evidence =
        new PlausibleRanking.Evidence(
            new Diagnosis(
                List.of(
                    new RankedLocation("C.java", 4, 0.9, ""),
                    new RankedLocation("C.java", 3, 0.6, "")),
                ""),
            // Line 3 only: JaCoCo leaves the line a throw cut short uncovered; the method counts.
            new Coverage(Map.of(FAILING, Map.of("C.java", Set.of(3)))),
            Set.of(FAILING));

    List<PlausibleRanking.Ranked> ranked =
        PlausibleRanking.rank(List.of(unexecuted, operator, index), evidence);

    // Same size (one line, two characters): the line the diagnosis ranks higher goes first.
    assertThat(order(ranked)).containsExactly("index", "operator", "unexecuted");
    assertThat(ranked.get(2).concerns()).containsExactly("changes code no failing test executes");
    assertThat(ranked.get(0).concerns()).isEmpty();
    assertThat(ranked.get(0).location()).isEqualTo(0.9);
  }

  @Test
  void aConstantsInitializerIsNotHeldAgainstAFixThoughNoFailingTestCoversItsLine() {
    String before =
        "class L {\n  static final int LIMIT = 3;\n  int f() {\n    return LIMIT;\n  }\n}\n";
    Verdict constant = plausible("constant", "L.java", before, before.replace("= 3", "= 4"), 0.5);
    var evidence =
        new PlausibleRanking.Evidence(
            new Diagnosis(List.of(), ""),
            new Coverage(Map.of(FAILING, Map.of("L.java", Set.of(4)))),
            Set.of(FAILING));

    assertThat(PlausibleRanking.rank(List.of(constant), evidence).get(0).concerns()).isEmpty();
  }

  @Test
  void aMethodInTheFailingTestsStackTraceCountsAsExecutedThoughJacocoMissedIt() {
    // The call on line 4 throws before JaCoCo's probe after it: coverage lacks the line, the
    // failing test's trace (and so the diagnosis) has it.
    Verdict swap = plausible("swap", BEFORE.replace("T[k]", "T[k - 1]"), 0.5);
    var evidence =
        new PlausibleRanking.Evidence(
            new Diagnosis(List.of(new RankedLocation("C.java", 4, 0.5, "stack")), ""),
            new Coverage(Map.of(FAILING, Map.of("C.java", Set.of()))),
            Set.of(FAILING));

    assertThat(PlausibleRanking.rank(List.of(swap), evidence).get(0).concerns()).isEmpty();
  }
}

package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankPlausibleTest {

  static final String BEFORE =
      "class C {\n  int f(int k) {\n    if (k <= T.length) {\n      return T[k];\n    }\n"
          + "    return 9;\n  }\n}\n";

  private static Verdict plausible(String name, String after, double score) {
    return new Verdict(
        new Candidate(name, name, List.of(new FileChange("C.java", BEFORE, after)), score),
        List.of(GateVerdict.pass("relevant-tests-pass", "ok")),
        true,
        1);
  }

  @Test
  void prefersFewerChangedLinesThenFewerChangedCharactersThenTheHigherScore() {
    Verdict clamp = plausible("clamp", BEFORE.replace("T[k]", "T[Math.min(k, T.length - 1)]"), 0.9);
    Verdict operator = plausible("operator", BEFORE.replace("k <= T", "k < T"), 0.4);
    Verdict twoLines =
        plausible("two-lines", BEFORE.replace("k <= T", "k < T").replace("9;", "8;"), 1.0);
    Verdict sameSizeLowScore = plausible("low", BEFORE.replace("k <= T", "k >= T"), 0.1);

    assertThat(HealLoop.rankPlausible(List.of(twoLines, clamp, sameSizeLowScore, operator)))
        .extracting(v -> v.candidate().repairer())
        .containsExactly("operator", "low", "clamp", "two-lines");
    assertThat(HealLoop.changedChars(operator.candidate())).isEqualTo(1); // the "=" of "<=" goes
  }
}

package dev.kintsugi.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {

  static Policy policy() throws PolicyException {
    return PolicyFile.parse(
        PolicyFileTest.FULL.replace("allowedRepairers: [ template, memory ]", ""), "p.yml");
  }

  static FixFacts fix(double confidence, String env, String crit) {
    return new FixFacts(
        confidence, env, crit, "template:null-guard", List.of("src/main/java/a/Cart.java"), 1, 0);
  }

  /** Environment × criticality × confidence: which thresholds apply and what they decide. */
  @ParameterizedTest(name = "{0}/{1} at {2} → {3}")
  @CsvSource({
    // production/critical: autoMerge 0.97, requireApproval 0.5, notifyOnly 0.2
    "production, critical, 0.99, AUTO_MERGE",
    "production, critical, 0.97, AUTO_MERGE",
    "production, critical, 0.96, REQUIRE_APPROVAL",
    "production, critical, 0.50, REQUIRE_APPROVAL",
    "production, critical, 0.49, NOTIFY_ONLY",
    "production, critical, 0.20, NOTIFY_ONLY",
    "production, critical, 0.19, WITHHELD",
    // production/* (any other criticality): autoMerge 0.9, requireApproval 0.4, no notifyOnly
    "production, normal, 0.95, AUTO_MERGE",
    "production, low, 0.90, AUTO_MERGE",
    "production, normal, 0.89, REQUIRE_APPROVAL",
    "production, normal, 0.39, WITHHELD",
    // */*: requireApproval 0 only: never merges by itself, always a pull request
    "staging, critical, 1.00, REQUIRE_APPROVAL",
    "staging, normal, 0.00, REQUIRE_APPROVAL",
    "ci, low, 0.75, REQUIRE_APPROVAL",
  })
  void matrix(String env, String crit, double confidence, Decision expected) throws Exception {
    assertThat(policy().decide(fix(confidence, env, crit)).decision()).isEqualTo(expected);
  }

  @Test
  void explainsWithTheNumbersAndTheCellThatDecided() throws Exception {
    assertThat(policy().decide(fix(0.81, "production", "critical")).explanation())
        .isEqualTo("confidence 0.81 < autoMerge 0.97 for production/critical → approval required");
    assertThat(policy().decide(fix(0.98, "production", "critical")).explanation())
        .isEqualTo(
            "confidence 0.98 ≥ autoMerge 0.97 for production/critical → auto-merge once the checks"
                + " pass");
    assertThat(policy().decide(fix(0.3, "production", "critical")).explanation())
        .isEqualTo(
            "confidence 0.30 < autoMerge 0.97 for production/critical and < requireApproval 0.50"
                + " → notify only");
    assertThat(policy().decide(fix(0.1, "production", "normal")).explanation())
        .isEqualTo(
            "confidence 0.10 < autoMerge 0.90 for production/normal and < requireApproval 0.40"
                + " → withheld (local branch only)");
    assertThat(policy().decide(fix(0.9, "staging", "normal")).explanation())
        .isEqualTo("no autoMerge threshold for staging/normal → approval required");
  }

  @Test
  void noPolicyRequiresApprovalWhateverTheConfidence() {
    for (double confidence : new double[] {0, 0.5, 1}) {
      PolicyDecision decision = Policy.NONE.decide(fix(confidence, "production", "critical"));
      assertThat(decision.decision()).isEqualTo(Decision.REQUIRE_APPROVAL);
      assertThat(decision.explanation()).isEqualTo("no policy → approval required");
    }
  }

  @Test
  void aPolicyWithoutACellForTheFixRequiresApproval() throws Exception {
    Policy policy =
        PolicyFile.parse("thresholds: {production: {critical: {autoMerge: 0.5}}}", "p.yml");
    assertThat(policy.decide(fix(0.99, "staging", "normal")))
        .isEqualTo(
            new PolicyDecision(
                Decision.REQUIRE_APPROVAL,
                "policy p.yml sets no thresholds for staging/normal → approval required"));
  }

  @Nested
  class HardLimitsWithholdWhateverTheConfidence {

    @Test
    void aProtectedPath() throws Exception {
      FixFacts billing =
          new FixFacts(
              1.0,
              "production",
              "critical",
              "template:clamp",
              List.of("src/main/java/com/acme/billing/Invoice.java"),
              1,
              0);
      assertThat(policy().decide(billing))
          .isEqualTo(
              new PolicyDecision(
                  Decision.WITHHELD,
                  "src/main/java/com/acme/billing/Invoice.java is a protected path"
                      + " (src/main/java/com/acme/billing/**) → withheld (local branch only)"));
    }

    @Test
    void aRepairerTheListLeavesOut() throws Exception {
      Policy policy = PolicyFile.parse("allowedRepairers: [template]", "p.yml");
      FixFacts llm =
          new FixFacts(1, "production", "normal", "llm:openai/gpt", List.of("A.java"), 1, 0);
      assertThat(policy.decide(llm).decision()).isEqualTo(Decision.WITHHELD);
      assertThat(policy.decide(llm).explanation())
          .startsWith("repairer llm:openai/gpt is not among allowedRepairers [template]");
    }

    @Test
    void sizeAndRateLimits() throws Exception {
      FixFacts large =
          new FixFacts(
              1,
              "production",
              "normal",
              "template:x",
              List.of("A.java", "B.java", "C.java"),
              12,
              4);
      assertThat(policy().decide(large).explanation())
          .isEqualTo(
              "12 changed lines > limits.maxChangedLines 10; 3 changed files >"
                  + " limits.maxChangedFiles 2; 4 fix(es) delivered in the last hour,"
                  + " limits.fixesPerHour 4 → withheld (local branch only)");
      FixFacts third =
          new FixFacts(1, "production", "normal", "template:x", List.of("A.java"), 1, 3);
      assertThat(policy().decide(third).decision()).isEqualTo(Decision.AUTO_MERGE);
    }
  }
}

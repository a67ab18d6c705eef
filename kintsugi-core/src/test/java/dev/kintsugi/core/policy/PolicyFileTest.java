package dev.kintsugi.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyFileTest {

  static final String FULL =
      """
      version: 1
      environment: staging
      criticality: critical
      thresholds:
        production:
          critical: { autoMerge: 0.97, requireApproval: 0.5, notifyOnly: 0.2 }
          "*": { autoMerge: 0.9, requireApproval: 0.4 }
        "*":
          "*": { requireApproval: 0 }
      limits: { fixesPerHour: 4, maxChangedLines: 10, maxChangedFiles: 2 }
      protectedPaths: [ "src/main/java/com/acme/billing/**", "**/security/**" ]
      allowedRepairers: [ template, memory ]
      """;

  @Test
  void readsEveryPartOfAYamlPolicy() throws Exception {
    Policy policy = PolicyFile.parse(FULL, ".kintsugi/policy.yml");

    assertThat(policy.source()).isEqualTo(".kintsugi/policy.yml");
    assertThat(policy.environment()).isEqualTo("staging");
    assertThat(policy.criticality()).isEqualTo("critical");
    Thresholds critical = policy.thresholdsFor("production", "critical").orElseThrow();
    assertThat(critical.autoMerge()).hasValue(0.97);
    assertThat(critical.requireApproval()).hasValue(0.5);
    assertThat(critical.notifyOnly()).hasValue(0.2);
    assertThat(policy.thresholdsFor("production", "low").orElseThrow().autoMerge()).hasValue(0.9);
    assertThat(policy.thresholdsFor("dev", "low").orElseThrow().autoMerge()).isEmpty();
    assertThat(policy.limits().fixesPerHour()).hasValue(4);
    assertThat(policy.limits().maxChangedLines()).hasValue(10);
    assertThat(policy.limits().maxChangedFiles()).hasValue(2);
    assertThat(policy.protecting("src/main/java/com/acme/billing/Invoice.java"))
        .hasValue("src/main/java/com/acme/billing/**");
    assertThat(policy.protecting("security/Keys.java")).hasValue("**/security/**");
    assertThat(policy.protecting("src/main/java/com/acme/security/Keys.java"))
        .hasValue("**/security/**");
    assertThat(policy.protecting("src/main/java/com/acme/shop/Cart.java")).isEmpty();
    assertThat(policy.allows("template:null-guard+off-by-one")).isTrue();
    assertThat(policy.allows("llm:openai/gpt")).isFalse();
  }

  @Test
  void readsTheSamePolicyWrittenAsJson() throws Exception {
    Policy policy =
        PolicyFile.parse(
            """
            {"thresholds": {"production": {"*": {"autoMerge": 0.9}}},
             "limits": {"maxChangedLines": 3}, "allowedRepairers": ["llm"]}
            """,
            "policy.json");

    assertThat(policy.thresholdsFor("production", "normal").orElseThrow().autoMerge())
        .hasValue(0.9);
    assertThat(policy.limits().maxChangedLines()).hasValue(3);
    assertThat(policy.allows("llm:ollama/qwen")).isTrue();
    assertThat(policy.allows("template:clamp")).isFalse();
    assertThat(policy.environment()).isEqualTo(Policy.DEFAULT_ENVIRONMENT);
  }

  @Test
  void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("policy.yml");
    Files.writeString(file, "limits: { fixesPerHour: -1 }\n");

    assertThatThrownBy(() -> PolicyFile.read(file))
        .isInstanceOf(PolicyException.class)
        .hasMessage(file + ": limits.fixesPerHour must be a whole number ≥ 0, was -1");
    assertThatThrownBy(() -> PolicyFile.read(dir.resolve("absent.yml")))
        .hasMessageStartingWith(dir.resolve("absent.yml") + ": cannot be read");
  }

  @Nested
  class ErrorsNameTheField {

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {
          "thresholds: {production: {critical: {autoMerge: high}}}"
              + "|thresholds.production.critical.autoMerge must be a number in [0, 1], was \"high\"",
          "thresholds: {production: {critical: {autoMerge: 1.5}}}"
              + "|thresholds.production.critical.autoMerge must be a number in [0, 1], was 1.5",
          "thresholds: {staging: {normal: {autoMerge: 0.5, requireApproval: 0.8}}}"
              + "|thresholds.staging.normal.autoMerge (0.5) must not be below"
              + " thresholds.staging.normal.requireApproval (0.8)",
          "thresholds: {staging: {normal: {autoMerj: 0.5}}}"
              + "|unknown field thresholds.staging.normal.autoMerj (expected one of: autoMerge,"
              + " requireApproval, notifyOnly)",
          "treshold: 1|unknown field treshold (expected one of: version, environment, criticality,"
              + " thresholds, limits, protectedPaths, allowedRepairers, runtime)",
          "runtime: {production: {allow: [restart]}}"
              + "|unknown field runtime.production.allow (expected one of: allowed,"
              + " requireApproval)",
          "runtime: {production: {allowed: restart}}"
              + "|runtime.production.allowed must be a list of strings, was \"restart\"",
          "runtime: {production: {requireApproval: [flag, '']}}"
              + "|runtime.production.requireApproval[1] must be a non-empty string, was \"\"",
          "runtime: [restart]|runtime must be a mapping, was [\"restart\"]",
          "thresholds: {production: 0.9}|thresholds.production must be a mapping, was 0.9",
          "limits: {maxChangedLines: 0}|limits.maxChangedLines must be a whole number ≥ 1, was 0",
          "limits: {maxChangedFiles: 2.5}"
              + "|limits.maxChangedFiles must be a whole number ≥ 1, was 2.5",
          "limits: {maxLines: 2}|unknown field limits.maxLines (expected one of: fixesPerHour,"
              + " maxChangedLines, maxChangedFiles)",
          "protectedPaths: src/**|protectedPaths must be a list of strings, was \"src/**\"",
          "protectedPaths: [ok, 3]|protectedPaths[1] must be a non-empty string, was 3",
          "protectedPaths: ['src/[a']|protectedPaths[0] is not a valid glob: \"src/[a\"",
          "allowedRepairers: [template, genius]"
              + "|allowedRepairers[1] must be one of memory, pattern, template, llm, was \"genius\"",
          "version: 2|version must be 1, was 2",
          "environment: ''|environment must be a name such as production, was \"\"",
          "[1, 2]|the policy must be a mapping, was [1,2]",
        })
    void eachMistake(String text, String expected) {
      assertThatThrownBy(() -> PolicyFile.parse(text, "p.yml"))
          .isInstanceOf(PolicyException.class)
          .hasMessageStartingWith("p.yml: " + expected);
    }

    @Test
    void syntaxErrorsSayWhere() {
      assertThatThrownBy(() -> PolicyFile.parse("thresholds:\n  production: [\n", "p.yml"))
          .hasMessageStartingWith("p.yml: is not valid YAML or JSON at line ");
    }

    @Test
    void anEmptyFileIsAnError() {
      assertThatThrownBy(() -> PolicyFile.parse("\n# nothing\n", "p.yml"))
          .hasMessage("p.yml: is empty");
    }

    @Test
    void aHugeFileIsRefused() {
      String huge = "protectedPaths:\n" + "  - a\n".repeat(20_000);
      assertThatThrownBy(() -> PolicyFile.parse(huge, "p.yml"))
          .hasMessage("p.yml: larger than 65536 bytes");
    }
  }

  @Test
  void readsTheRuntimeActionsEachEnvironmentAllows() throws Exception {
    Policy policy =
        PolicyFile.parse(
            """
            runtime:
              production: { allowed: [ restart, flag ], requireApproval: [ kubernetes.undo ] }
              "*": { allowed: [ "*" ] }
            """,
            "p.yml");

    RuntimePolicy runtime = policy.runtime();
    assertThat(runtime.decide("production", "restart").verdict())
        .isEqualTo(RuntimePolicy.Verdict.ALLOWED);
    assertThat(runtime.decide("production", "kubernetes.undo").verdict())
        .isEqualTo(RuntimePolicy.Verdict.APPROVAL);
    RuntimePolicy.Decision refused = runtime.decide("production", "command");
    assertThat(refused.verdict()).isEqualTo(RuntimePolicy.Verdict.REFUSED);
    assertThat(refused.why()).contains("command is not allowed in production");
    assertThat(runtime.decide("staging", "command").verdict())
        .isEqualTo(RuntimePolicy.Verdict.ALLOWED);
  }

  @Test
  void withoutARuntimeSectionEveryActionNeedsApproval() throws Exception {
    Policy policy = PolicyFile.parse(FULL, "p.yml");

    assertThat(policy.runtime()).isEqualTo(RuntimePolicy.NONE);
    assertThat(policy.runtime().decide("production", "restart").verdict())
        .isEqualTo(RuntimePolicy.Verdict.APPROVAL);
    assertThat(Policy.NONE.runtime().decide("dev", "flag").verdict())
        .isEqualTo(RuntimePolicy.Verdict.APPROVAL);
  }

  @Test
  void locationsAreTheDocumentedOnes() {
    assertThat(PolicyFile.LOCATIONS)
        .isEqualTo(
            List.of(".kintsugi/policy.yml", ".kintsugi/policy.yaml", ".kintsugi/policy.json"));
  }
}

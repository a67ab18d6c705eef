package dev.kintsugi.heal.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

  @Test
  void writesTheDesignContractFieldsAndReadsThemBack(@TempDir Path dir) throws Exception {
    var report =
        new HealReport(
            HealReport.Status.FIXED,
            "fixed 1 failing test(s)",
            "/repo",
            "abc",
            "kintsugi/fix-12345678",
            "12345678ff",
            List.of("shop.CartTest#total"),
            new HealReport.DiagnosisPart(
                List.of(
                    new HealReport.Location(
                        "src/main/java/shop/Cart.java",
                        6,
                        0.93,
                        "for (int i = 0; i <= prices.length; i++) {"),
                    new HealReport.Location("src/main/java/shop/Gone.java", 2, 0.5)),
                "sum"),
            new HealReport.FixPart(
                "diff --git ...",
                List.of("src/main/java/shop/Cart.java"),
                "template:x",
                0.8,
                "why"),
            new HealReport.CandidateCounts(40, 12, 2),
            1,
            new HealReport.Timings(9000, 3000, 20, 5000),
            List.of(),
            Map.of("compiles", 3),
            new HealReport.LlmPart("llm:ollama/qwen", 2, 0, 1234, "off by one", null),
            new HealReport.ReproductionPart(
                "shop.KintsugiReproTest#reproducesTotal",
                "src/test/java/shop/KintsugiReproTest.java",
                true,
                List.of("frame shop.Cart.total: rebuilt 1 argument"),
                "package shop;\n\nclass KintsugiReproTest {}\n"),
            new HealReport.PolicyPart(
                ".kintsugi/policy.yml at abc",
                "production",
                "critical",
                "require_approval",
                "confidence 0.80 < autoMerge 0.95 for production/critical → approval required",
                "pull request #7 opened"),
            new HealReport.PullRequestPart("https://forge/acme/shop/pull/7", 7));
    Path file = dir.resolve("nested/heal.json");

    ReportWriter.write(report, file);

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    assertThat(json.get("status").asText()).isEqualTo("fixed");
    assertThat(json.get("baseCommit").asText()).isEqualTo("abc");
    assertThat(json.get("failingTests").get(0).asText()).isEqualTo("shop.CartTest#total");
    assertThat(json.at("/diagnosis/locations/0/line").asInt()).isEqualTo(6);
    assertThat(json.at("/diagnosis/locations/0/score").asDouble()).isEqualTo(0.93);
    assertThat(json.at("/diagnosis/locations/0/code").asText())
        .isEqualTo("for (int i = 0; i <= prices.length; i++) {");
    assertThat(json.at("/diagnosis/locations/1").has("code")).as("omitted when unknown").isFalse();
    assertThat(json.at("/reproduction/source").asText()).contains("class KintsugiReproTest");
    assertThat(json.at("/fix/repairer").asText()).isEqualTo("template:x");
    assertThat(json.at("/fix/confidence").asDouble()).isEqualTo(0.8);
    assertThat(json.at("/candidates/tested").asInt()).isEqualTo(12);
    assertThat(json.at("/candidates/plausible").asInt()).isEqualTo(2);
    assertThat(json.at("/timingsMs/validate").asLong()).isEqualTo(5000);
    assertThat(json.get("rounds").asInt()).isEqualTo(1);
    assertThat(json.at("/llm/repairer").asText()).isEqualTo("llm:ollama/qwen");
    assertThat(json.at("/llm/tokens").asLong()).isEqualTo(1234);
    assertThat(json.at("/reproduction/confirmed").asBoolean()).isTrue();
    assertThat(json.at("/reproduction/test").asText())
        .isEqualTo("shop.KintsugiReproTest#reproducesTotal");
    assertThat(json.at("/policy/decision").asText()).isEqualTo("require_approval");
    assertThat(json.at("/pullRequest/url").asText()).isEqualTo("https://forge/acme/shop/pull/7");
    assertThat(json.at("/pullRequest/number").asInt()).isEqualTo(7);
    assertThat(ReportWriter.read(file)).isEqualTo(report);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void omitsWhatDoesNotApplyAndSpellsStatusesAsTheContractSays() throws Exception {
    var report =
        new HealReport(
            HealReport.Status.NOT_FIXED,
            "no candidate",
            "/r",
            null,
            null,
            null,
            null,
            null,
            null,
            new HealReport.CandidateCounts(0, 0, 0),
            0,
            new HealReport.Timings(1, 0, 0, 0),
            null,
            null,
            null,
            null,
            null,
            null);
    String json = ReportWriter.toJson(report);
    assertThat(
            new ObjectMapper()
                .writeValueAsString(
                    new HealReport.ReproductionPart(null, null, false, List.of("no frame"))))
        .as("a reproduction without a test has no source, and keeps saying test: null")
        .contains("\"test\":null")
        .doesNotContain("\"source\"");
    assertThat(json)
        .contains("\"status\" : \"not_fixed\"")
        .doesNotContain("\"branch\"")
        .doesNotContain("\"fix\"")
        .doesNotContain("\"llm\"")
        .doesNotContain("\"reproduction\"")
        .doesNotContain("\"pullRequest\"");
    assertThat(
            ReportWriter.toJson(
                new HealReport(
                    HealReport.Status.HEALTHY,
                    "ok",
                    "/r",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)))
        .contains("\"healthy\"");
  }
}

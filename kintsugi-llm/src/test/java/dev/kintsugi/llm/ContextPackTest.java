package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.signal.SecretScrubber;
import dev.kintsugi.llm.LlmConfig.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A pack built for a budget, measured with the same tokenizer, stays within it. */
class ContextPackTest {

  @TempDir Path root;

  /**
   * Text a tokenizer splits finely (long numbers, CJK, symbols): far fewer than four characters a
   * token, so a character estimate would overrun the budget.
   */
  static String dense(int lines) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      sb.append("    // 値 ")
          .append(i)
          .append(": インデックスは範囲外です ✓ Ωμέγα\n")
          .append("    long[] t")
          .append(i)
          .append(" = {")
          .append(1_000_003L * i * 7919)
          .append("L, 0x")
          .append(Long.toHexString(i * 2_654_435_761L))
          .append("L, -")
          .append(i * 104_729)
          .append("L};\n");
    }
    return sb.toString();
  }

  @BeforeEach
  void setUp() throws IOException {
    Fixtures.project(root);
    String big =
        Fixtures.CALC_TEXT.replace(
            "  public int max(int a, int b) {",
            "  static final class Tables {\n"
                + dense(600)
                + "  }\n\n  public int max(int a, int b) {");
    Fixtures.write(root, Fixtures.CALC, big);
    Fixtures.write(
        root,
        Fixtures.HELPER,
        Fixtures.HELPER_TEXT.replace(
            "  private Numbers() {}", "  private Numbers() {}\n" + dense(300)));
  }

  private String pack(TokenCounter tokens, int budget) {
    UntrustedText untrusted = new UntrustedText(new Random(5), new SecretScrubber(List.of()));
    List<RankedLocation> locations =
        List.of(
            new RankedLocation(Fixtures.CALC, 11, 0.9, "stack frame #1"),
            new RankedLocation(Fixtures.CALC, 10, 0.6, "ochiai 0.6"));
    return new ContextPack(untrusted, new WorkspaceFiles(root), budget, tokens)
        .build(
            new ContextPack.Input(
                List.of(Fixtures.failure("Index 3 out of bounds: " + dense(20))),
                locations,
                "",
                List.of()));
  }

  @ParameterizedTest(name = "{0} {1} tokens")
  @CsvSource({
    "gpt-4o, 500",
    "gpt-4o, 1200",
    "gpt-4o, 4000",
    "gpt-4, 500",
    "gpt-4, 2500",
    "qwen2.5-coder:7b, 700",
    "qwen2.5-coder:7b, 12000",
  })
  void aPackNeverExceedsItsBudgetByTheModelsTokenizer(String model, int budget) {
    TokenCounter tokens = TokenCounter.forConfig(LlmConfig.of(Provider.OPENAI, null, model, ""));

    String pack = pack(tokens, budget);

    int used = tokens.count(pack);
    assertThat(used).isLessThanOrEqualTo(budget);
    // and it uses its room: the test would pass trivially for an empty pack
    assertThat(used).isGreaterThan(budget * 7 / 10);
    assertThat(pack)
        .contains("failing test output")
        .containsAnyOf("cut for length", "left out for length", "Left out for length");
    // the same text by a character estimate is well within "budget": that estimate would overrun
    assertThat(TokenCounter.CharEstimate.INSTANCE.count(pack)).isLessThan(used);
  }

  @ParameterizedTest(name = "chars/4, {0} tokens")
  @CsvSource({"500", "3000"})
  void withoutATokenizerThePackKeepsToTheCharacterEstimate(int budget) {
    TokenCounter tokens = TokenCounter.CharEstimate.INSTANCE;

    String pack = pack(tokens, budget);

    assertThat(tokens.count(pack)).isLessThanOrEqualTo(budget).isGreaterThan(budget * 7 / 10);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"gpt-4o", "qwen2.5-coder:7b"})
  void whatIsLeftOutIsListedWithinTheBudget(String model) {
    TokenCounter tokens = TokenCounter.forConfig(LlmConfig.of(Provider.OPENAI, null, model, ""));

    String pack = pack(tokens, 600);

    assertThat(pack).containsAnyOf("(Left out for length: ", " sections left out for length)");
    assertThat(tokens.count(pack)).isLessThanOrEqualTo(600);
  }
}

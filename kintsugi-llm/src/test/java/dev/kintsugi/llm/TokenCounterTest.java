package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.llm.LlmConfig.Provider;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;
import org.junit.jupiter.api.Test;

class TokenCounterTest {

  static final String TEXT =
      Fixtures.CALC_TEXT
          + "// 値が範囲外です: インデックス 3 は長さ 3 の範囲外 — Ünïcödé ✓\n"
          + "long[] table = {1234567890L, 9876543210L, 31415926535L, 27182818284L};\n";

  private static TokenCounter counter(Provider provider, String model) {
    return TokenCounter.forConfig(LlmConfig.of(provider, null, model, "key"));
  }

  @Test
  void openAiModelsAreCountedWithTheirOwnEncoding() {
    int o200k = new OpenAiTokenCountEstimator("gpt-4o").estimateTokenCountInText(TEXT);
    int cl100k = new OpenAiTokenCountEstimator("gpt-4").estimateTokenCountInText(TEXT);
    assertThat(o200k).as("the encodings differ on this text").isNotEqualTo(cl100k);

    assertThat(counter(Provider.OPENAI, "gpt-4o").count(TEXT)).isEqualTo(o200k);
    assertThat(counter(Provider.OPENAI, "gpt-4o-mini-2024-07-18").count(TEXT)).isEqualTo(o200k);
    assertThat(counter(Provider.OPENAI, "gpt-4.1").count(TEXT)).isEqualTo(o200k);
    assertThat(counter(Provider.OPENAI, "gpt-4").count(TEXT)).isEqualTo(cl100k);
    assertThat(counter(Provider.OPENAI, "gpt-3.5-turbo").count(TEXT)).isEqualTo(cl100k);
  }

  @Test
  void unknownModelsBehindOpenAiCompatibleServersFallBackToCl100k() {
    TokenCounter counter = counter(Provider.OPENAI, "qwen2.5-coder:7b");

    assertThat(counter).isInstanceOf(TokenCounter.Tiktoken.class);
    assertThat(((TokenCounter.Tiktoken) counter).encodingFor()).isEqualTo("gpt-4");
    assertThat(counter.count(TEXT))
        .isEqualTo(new OpenAiTokenCountEstimator("gpt-4").estimateTokenCountInText(TEXT));
  }

  @Test
  void familiesWithoutALocalTokenizerKeepTheCharacterEstimate() {
    assertThat(counter(Provider.OLLAMA, "qwen2.5-coder:7b"))
        .isSameAs(TokenCounter.CharEstimate.INSTANCE);
    assertThat(counter(Provider.ANTHROPIC, "claude-sonnet-4-5"))
        .isSameAs(TokenCounter.CharEstimate.INSTANCE);
    assertThat(TokenCounter.CharEstimate.INSTANCE.count("12345678")).isEqualTo(2);
  }

  @Test
  void aPrefixIsAPrefixOfAtMostTheTokensAsked() {
    for (String model : new String[] {"gpt-4o", "gpt-4"}) {
      TokenCounter counter = counter(Provider.OPENAI, model);
      for (int max : new int[] {1, 7, 40, 90}) {
        String prefix = counter.prefix(TEXT, max);
        assertThat(TEXT).startsWith(prefix);
        assertThat(counter.count(prefix)).isLessThanOrEqualTo(max);
        assertThat(counter.count(prefix)).isGreaterThanOrEqualTo(max - 2);
      }
      assertThat(counter.prefix(TEXT, 100_000)).isEqualTo(TEXT);
      assertThat(counter.prefix(TEXT, 0)).isEmpty();
    }
  }
}

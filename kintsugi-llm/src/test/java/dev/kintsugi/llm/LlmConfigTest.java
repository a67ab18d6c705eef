package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

  @Test
  void noneByDefaultAndNoRepairer() {
    LlmConfig config = LlmConfig.fromEnvironment(Map.of());
    assertThat(config.provider()).isEqualTo(LlmConfig.Provider.NONE);
    assertThat(config.enabled()).isFalse();
    assertThat(LlmRepairer.create(config)).isEmpty();
  }

  @Test
  void readsTheEnvironment() {
    LlmConfig config =
        LlmConfig.fromEnvironment(
            Map.of(
                "KINTSUGI_LLM_PROVIDER", "Ollama",
                "KINTSUGI_LLM_MODEL", "qwen2.5-coder:7b"));
    assertThat(config.provider()).isEqualTo(LlmConfig.Provider.OLLAMA);
    assertThat(config.baseUrl()).isEqualTo("http://localhost:11434");
    assertThat(config.repairerId()).isEqualTo("llm:ollama/qwen2.5-coder:7b");
    assertThat(LlmRepairer.create(config))
        .get()
        .extracting(LlmRepairer::id)
        .isEqualTo("llm:ollama/qwen2.5-coder:7b");
  }

  @Test
  void flagsOverrideTheEnvironment() {
    LlmConfig config =
        LlmConfig.fromEnvironment(
            Map.of("KINTSUGI_LLM_PROVIDER", "none", "KINTSUGI_LLM_API_KEY", "k"),
            "openai",
            "http://127.0.0.1:8000/v1",
            "local");
    assertThat(config.provider()).isEqualTo(LlmConfig.Provider.OPENAI);
    assertThat(config.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
  }

  @Test
  void unknownProviderIsNamed() {
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("KINTSUGI_LLM_PROVIDER", "gpt5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gpt5'")
        .hasMessageContaining("openai");
  }

  @Test
  void missingModelIsNamed() {
    assertThatThrownBy(() -> LlmConfig.fromEnvironment(Map.of("KINTSUGI_LLM_PROVIDER", "openai")))
        .hasMessageContaining("KINTSUGI_LLM_MODEL");
  }

  @Test
  void badUrlIsNamedAndCredentialsInUrlRefused() {
    assertThatThrownBy(() -> LlmConfig.of(LlmConfig.Provider.OLLAMA, "ftp://x", "m", ""))
        .hasMessageContaining("ftp://x");
    assertThatThrownBy(
            () -> LlmConfig.of(LlmConfig.Provider.OLLAMA, "http://u:supersecret@h", "m", ""))
        .hasMessageNotContaining("supersecret");
  }

  @Test
  void anthropicNeedsAKey() {
    assertThatThrownBy(() -> LlmConfig.of(LlmConfig.Provider.ANTHROPIC, null, "claude", ""))
        .hasMessageContaining("KINTSUGI_LLM_API_KEY");
  }

  @Test
  void toStringNeverShowsTheKey() {
    LlmConfig config =
        LlmConfig.of(LlmConfig.Provider.ANTHROPIC, null, "claude", "sk-ant-xyz123456789");
    assertThat(config.toString()).doesNotContain("sk-ant-xyz123456789").contains("<set>");
  }
}

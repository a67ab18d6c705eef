package dev.kintsugi.llm;

import dev.langchain4j.model.openai.OpenAiChatModelName;
import dev.langchain4j.model.openai.OpenAiTokenCountEstimator;

/**
 * Counts tokens the way the configured model family does, for the context pack's budget and the
 * heal's token budget. Thread-safe.
 */
interface TokenCounter {

  /** Tokens in {@code text} (0 for null). */
  int count(String text);

  /**
   * Tokens in {@code text}, or {@code max + 1} when there are more than {@code max}: for a
   * tokenizer, only as much of the text as fits is encoded, so a long section that cannot fit costs
   * little to refuse.
   */
  default int countUpTo(String text, int max) {
    return Math.min(count(text), Math.max(0, max) + 1);
  }

  /** A prefix of {@code text} of about {@code maxTokens} tokens (callers re-measure). */
  String prefix(String text, int maxTokens);

  /**
   * The tokenizer of the configured model family: OpenAI's (jtokkit, through LangChain4j) for
   * OpenAI-compatible endpoints, else a character estimate.
   */
  static TokenCounter forConfig(LlmConfig config) {
    return switch (config.provider()) {
      case OPENAI -> Tiktoken.forModel(config.model());
      // Neither ships a local tokenizer in the pinned LangChain4j: Ollama serves arbitrary model
      // families, and Anthropic's token counter (AnthropicTokenCountEstimator) is a remote API
      // call per count, which trimming a pack section by section cannot afford.
      case OLLAMA, ANTHROPIC, NONE -> CharEstimate.INSTANCE;
    };
  }

  /** About four characters a token: used only where no tokenizer for the family exists. */
  enum CharEstimate implements TokenCounter {
    INSTANCE;

    @Override
    public int count(String text) {
      return text == null ? 0 : (text.length() + 3) / 4;
    }

    @Override
    public String prefix(String text, int maxTokens) {
      return text.substring(0, Math.max(0, Math.min(text.length(), maxTokens * 4)));
    }
  }

  /** OpenAI's byte-pair encodings (cl100k_base, o200k_base...) through LangChain4j's estimator. */
  final class Tiktoken implements TokenCounter {

    private final OpenAiTokenCountEstimator estimator;
    private final String encodingFor;

    private Tiktoken(OpenAiTokenCountEstimator estimator, String encodingFor) {
      this.estimator = estimator;
      this.encodingFor = encodingFor;
    }

    /**
     * The encoding LangChain4j picks for this model name (o200k_base for gpt-4o, gpt-4.1, gpt-5 and
     * the o-series, cl100k_base for gpt-4 and gpt-3.5...). Names it does not know, such as the
     * local models an OpenAI-compatible server (vLLM, llama.cpp) serves, get cl100k_base: its
     * smaller vocabulary counts more tokens than o200k_base for the same text, so a pack within
     * budget by it is more likely to be within budget by the real, unknown tokenizer.
     */
    static Tiktoken forModel(String model) {
      try {
        return new Tiktoken(new OpenAiTokenCountEstimator(model), model);
      } catch (RuntimeException unknownModel) {
        return new Tiktoken(new OpenAiTokenCountEstimator(OpenAiChatModelName.GPT_4), "gpt-4");
      }
    }

    /** The model name whose encoding is used (the configured one, or gpt-4 for unknown names). */
    String encodingFor() {
      return encodingFor;
    }

    @Override
    public int count(String text) {
      return text == null || text.isEmpty() ? 0 : estimator.estimateTokenCountInText(text);
    }

    @Override
    public int countUpTo(String text, int max) {
      if (text == null || text.isEmpty()) {
        return 0;
      }
      // encoding stops after max + 1 tokens, which are the first of the full encoding
      return estimator.encode(text, Math.max(0, max) + 1).size();
    }

    @Override
    public String prefix(String text, int maxTokens) {
      if (maxTokens <= 0 || text.isEmpty()) {
        return "";
      }
      String cut = estimator.decode(estimator.encode(text, maxTokens));
      // a token cut in the middle of a multi-byte character decodes to U+FFFD: drop it
      int end = cut.length();
      while (end > 0 && cut.charAt(end - 1) == '\uFFFD') {
        end--;
      }
      return cut.substring(0, end);
    }
  }
}

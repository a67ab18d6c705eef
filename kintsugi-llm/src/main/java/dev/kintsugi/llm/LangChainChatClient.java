package dev.kintsugi.llm;

import dev.kintsugi.core.signal.SecretScrubber;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * Talks to OpenAI-compatible, Ollama and Anthropic endpoints through LangChain4j's chat models.
 * LangChain4j's own retries are off: {@link Budgeted} retries with backoff and counts every attempt
 * against the heal's budget.
 *
 * <p>OpenAI's chat completions take {@code n}, the number of choices: several samples of an
 * OpenAI-compatible endpoint go in one request through {@link OpenAiSamples}, since LangChain4j's
 * chat model returns one choice only. Ollama's and Anthropic's APIs have no {@code n}: one sample
 * per request.
 */
final class LangChainChatClient implements ChatClient {

  private final ChatModel model;
  private final OpenAiSamples samples;
  private final int maxOutputTokens;
  private final SecretScrubber scrubber;

  private LangChainChatClient(
      ChatModel model, OpenAiSamples samples, int maxOutputTokens, SecretScrubber scrubber) {
    this.model = model;
    this.samples = samples;
    this.maxOutputTokens = maxOutputTokens;
    this.scrubber = scrubber;
  }

  static LangChainChatClient of(LlmConfig config) {
    SecretScrubber scrubber = new SecretScrubber(List.of(config.apiKey()));
    ChatModel model =
        switch (config.provider()) {
          case OPENAI ->
              OpenAiChatModel.builder()
                  .baseUrl(config.baseUrl())
                  // local OpenAI-compatible servers need no key, but the client insists on one
                  .apiKey(config.apiKey().isEmpty() ? "no-key" : config.apiKey())
                  .modelName(config.model())
                  .timeout(config.timeout())
                  .maxRetries(0)
                  .maxTokens(config.maxOutputTokens())
                  .logRequests(false)
                  .logResponses(false)
                  .build();
          case OLLAMA ->
              OllamaChatModel.builder()
                  .baseUrl(config.baseUrl())
                  .modelName(config.model())
                  .timeout(config.timeout())
                  .maxRetries(0)
                  .numPredict(config.maxOutputTokens())
                  .build();
          case ANTHROPIC ->
              AnthropicChatModel.builder()
                  .baseUrl(config.baseUrl())
                  .apiKey(config.apiKey())
                  .modelName(config.model())
                  .timeout(config.timeout())
                  .maxRetries(0)
                  .maxTokens(config.maxOutputTokens())
                  .logRequests(false)
                  .logResponses(false)
                  .build();
          case NONE -> throw new IllegalArgumentException("provider none has no chat client");
        };
    OpenAiSamples samples =
        config.provider() == LlmConfig.Provider.OPENAI ? new OpenAiSamples(config) : null;
    return new LangChainChatClient(model, samples, config.maxOutputTokens(), scrubber);
  }

  @Override
  public boolean severalSamplesPerRequest() {
    return samples != null;
  }

  @Override
  public ChatReply chat(String system, String user, double temperature, int count)
      throws ChatFailure {
    if (count > 1 && samples != null) {
      try {
        return samples.chat(system, user, temperature, count);
      } catch (RuntimeException e) {
        throw failure(e);
      }
    }
    ChatRequest request =
        ChatRequest.builder()
            .messages(SystemMessage.from(system), UserMessage.from(user))
            .parameters(
                ChatRequestParameters.builder()
                    .temperature(temperature)
                    .maxOutputTokens(maxOutputTokens)
                    .build())
            .build();
    ChatResponse response;
    try {
      response = model.chat(request);
    } catch (RuntimeException e) {
      throw failure(e);
    }
    AiMessage message = response.aiMessage();
    TokenUsage usage = response.tokenUsage();
    long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
    long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
    boolean truncated = response.finishReason() == FinishReason.LENGTH;
    return new ChatReply(message == null ? "" : message.text(), in, out, truncated);
  }

  private ChatFailure failure(RuntimeException e) {
    int status = 0;
    boolean retriable;
    Throwable cause = e;
    HttpException http = find(e, HttpException.class);
    if (http != null) {
      status = http.statusCode();
      retriable = status == 408 || status == 429 || status >= 500;
    } else {
      retriable =
          e instanceof RetriableException
              || e instanceof RateLimitException
              || e instanceof TimeoutException
              || find(e, HttpTimeoutException.class) != null
              || find(e, IOException.class) != null
              || find(e, UncheckedIOException.class) != null;
    }
    String what = cause.getClass().getSimpleName();
    String message = cause.getMessage() == null ? "" : cause.getMessage();
    if (message.length() > 300) {
      message = message.substring(0, 300) + "...";
    }
    String text = (status > 0 ? "HTTP " + status + ": " : what + ": ") + message;
    return new ChatFailure(scrubber.scrub(text), status, retriable);
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}

package dev.kintsugi.llm;

import dev.kintsugi.llm.ChatClient.ChatReply;
import dev.kintsugi.llm.ChatClient.Sample;
import dev.langchain4j.model.openai.internal.OpenAiClient;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionChoice;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionRequest;
import dev.langchain4j.model.openai.internal.chat.ChatCompletionResponse;
import dev.langchain4j.model.openai.internal.shared.Usage;
import java.util.Comparator;
import java.util.List;

/**
 * Several samples in one OpenAI chat-completions request ({@code n}), through LangChain4j's own
 * OpenAI HTTP client. Its public chat model cannot do this: {@code ChatRequest} has no {@code n},
 * and {@code OpenAiChatModel} (1.19) fails a response with more than one choice ("expected exactly
 * one choice"). The client underneath it can: its request has {@code n} and its response every
 * choice. That client lives in LangChain4j's {@code internal} package, with no promise of stability
 * across versions; the version is pinned in the parent pom, and the tests would catch a change.
 */
final class OpenAiSamples {

  private final OpenAiClient client;
  private final String model;
  private final int maxOutputTokens;

  OpenAiSamples(LlmConfig config) {
    this.client =
        OpenAiClient.builder()
            .baseUrl(config.baseUrl())
            // local OpenAI-compatible servers need no key, but the client insists on one
            .apiKey(config.apiKey().isEmpty() ? "no-key" : config.apiKey())
            .connectTimeout(config.timeout())
            .readTimeout(config.timeout())
            .logRequests(false)
            .logResponses(false)
            .userAgent("langchain4j-openai")
            .build();
    this.model = config.model();
    this.maxOutputTokens = config.maxOutputTokens();
  }

  /**
   * One request for {@code samples} choices; the reply holds them in {@code index} order, at most
   * as many as asked (a server may return fewer). LangChain4j's exceptions pass through.
   */
  ChatReply chat(String system, String user, double temperature, int samples) {
    ChatCompletionRequest request =
        ChatCompletionRequest.builder()
            .model(model)
            .addSystemMessage(system)
            .addUserMessage(user)
            .temperature(temperature)
            .maxTokens(maxOutputTokens)
            .n(samples)
            .build();
    ChatCompletionResponse response = client.chatCompletion(request).execute();
    List<ChatCompletionChoice> choices =
        response.choices() == null ? List.of() : response.choices();
    // a stable sort: choices without an index keep the server's order
    List<Sample> out =
        choices.stream()
            .sorted(Comparator.comparingInt(c -> c.index() == null ? Integer.MAX_VALUE : c.index()))
            .limit(samples)
            .map(
                c ->
                    new Sample(
                        c.message() == null ? "" : c.message().content(),
                        "length".equals(c.finishReason())))
            .toList();
    Usage usage = response.usage();
    long in = usage == null || usage.promptTokens() == null ? 0 : usage.promptTokens();
    long outTokens =
        usage == null || usage.completionTokens() == null ? 0 : usage.completionTokens();
    return new ChatReply(out, in, outTokens);
  }
}

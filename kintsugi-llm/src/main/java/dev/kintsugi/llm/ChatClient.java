package dev.kintsugi.llm;

import java.util.List;

/** One chat request to a model: a system and a user message in, one or more sampled replies out. */
interface ChatClient {

  /**
   * Sends one request (no retries here) asking for {@code samples} replies; a client that cannot
   * ask for several ({@link #severalSamplesPerRequest()} false) is only called with 1. The server
   * may return fewer than asked (some OpenAI-compatible servers ignore {@code n}).
   *
   * @throws ChatFailure when the request failed; {@link ChatFailure#retriable()} says whether to
   *     try again
   */
  ChatReply chat(String system, String user, double temperature, int samples) throws ChatFailure;

  /** Whether one request can return several samples (the chat-completions {@code n}). */
  default boolean severalSamplesPerRequest() {
    return false;
  }

  /** One sampled reply: its text, and whether it hit the output token limit. */
  record Sample(String text, boolean truncated) {
    public Sample {
      text = text == null ? "" : text;
    }
  }

  /**
   * A response's samples in the server's order, with the tokens the server counted for the whole
   * request (0 when it did not say): the prompt once, the output of every sample.
   */
  record ChatReply(List<Sample> samples, long inputTokens, long outputTokens) {
    public ChatReply {
      samples = List.copyOf(samples);
    }

    /** A response with one sample. */
    ChatReply(String text, long inputTokens, long outputTokens, boolean truncated) {
      this(List.of(new Sample(text, truncated)), inputTokens, outputTokens);
    }
  }

  /** A failed request; the message is already scrubbed of the API key. */
  final class ChatFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean retriable;

    ChatFailure(String message, int status, boolean retriable) {
      super(message, null, false, false);
      this.status = status;
      this.retriable = retriable;
    }

    /** HTTP status, or 0 when there was none (timeout, connection refused). */
    int status() {
      return status;
    }

    boolean retriable() {
      return retriable;
    }
  }
}

package dev.kintsugi.llm;

/** One chat request to a model: a system and a user message in, one reply out. */
interface ChatClient {

  /**
   * Sends one request (no retries here).
   *
   * @throws ChatFailure when the request failed; {@link ChatFailure#retriable()} says whether to
   *     try again
   */
  ChatReply chat(String system, String user, double temperature) throws ChatFailure;

  /** A model's reply with the tokens the server counted (0 when it did not say). */
  record ChatReply(String text, long inputTokens, long outputTokens, boolean truncated) {
    public ChatReply {
      text = text == null ? "" : text;
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

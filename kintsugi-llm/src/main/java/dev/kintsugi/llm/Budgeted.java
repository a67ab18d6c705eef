package dev.kintsugi.llm;

import dev.kintsugi.llm.ChatClient.ChatFailure;
import dev.kintsugi.llm.ChatClient.ChatReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat client held to one heal's request and token budget, retrying 429/5xx/timeouts with
 * exponential backoff. Every attempt counts as a request. When the budget runs out it refuses, and
 * says why in {@link #stoppedReason()}. Thread-safe.
 */
final class Budgeted {

  /** Waits between retries; injected so tests do not sleep. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  private final ChatClient client;
  private final int maxRequests;
  private final long maxTokens;
  private final int maxRetries;
  private final long baseBackoffMillis;
  private final Sleeper sleeper;

  private int requests;
  private int failedRequests;
  private long inputTokens;
  private long outputTokens;
  private String stoppedReason = "";
  private final List<String> errors = new ArrayList<>();

  Budgeted(
      ChatClient client,
      int maxRequests,
      long maxTokens,
      int maxRetries,
      long baseBackoffMillis,
      Sleeper sleeper) {
    this.client = client;
    this.maxRequests = maxRequests;
    this.maxTokens = maxTokens;
    this.maxRetries = maxRetries;
    this.baseBackoffMillis = baseBackoffMillis;
    this.sleeper = sleeper;
  }

  /**
   * One reply, retrying retriable failures; empty when the budget is exhausted or the request
   * failed for good (the reason is recorded).
   */
  Optional<ChatReply> chat(String system, String user, double temperature) {
    long estimate = Tokens.estimate(system) + Tokens.estimate(user);
    for (int attempt = 0; ; attempt++) {
      synchronized (this) {
        if (requests >= maxRequests) {
          stop("request budget exhausted (" + maxRequests + " requests)");
          return Optional.empty();
        }
        if (inputTokens + outputTokens + estimate > maxTokens) {
          stop(
              "token budget exhausted ("
                  + (inputTokens + outputTokens)
                  + " of "
                  + maxTokens
                  + " tokens used, next prompt ~"
                  + estimate
                  + ")");
          return Optional.empty();
        }
        requests++;
      }
      try {
        ChatReply reply = client.chat(system, user, temperature);
        synchronized (this) {
          inputTokens += reply.inputTokens() > 0 ? reply.inputTokens() : estimate;
          outputTokens +=
              reply.outputTokens() > 0 ? reply.outputTokens() : Tokens.estimate(reply.text());
        }
        return Optional.of(reply);
      } catch (ChatFailure failure) {
        synchronized (this) {
          failedRequests++;
          errors.add(failure.getMessage());
        }
        if (!failure.retriable() || attempt >= maxRetries) {
          return Optional.empty();
        }
        try {
          sleeper.sleep(backoff(attempt));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          synchronized (this) {
            stop("interrupted");
          }
          return Optional.empty();
        }
      }
    }
  }

  private long backoff(int attempt) {
    return Math.min(30_000, baseBackoffMillis << Math.min(attempt, 10));
  }

  synchronized boolean exhausted() {
    return !stoppedReason.isEmpty();
  }

  synchronized String stoppedReason() {
    return stoppedReason;
  }

  private void stop(String reason) {
    if (stoppedReason.isEmpty()) {
      stoppedReason = reason;
    }
  }

  synchronized LlmUsage usage(List<String> rejected) {
    return new LlmUsage(
        requests, failedRequests, inputTokens, outputTokens, stoppedReason, errors, rejected);
  }
}

package dev.kintsugi.llm;

import dev.kintsugi.llm.ChatClient.ChatFailure;
import dev.kintsugi.llm.ChatClient.ChatReply;
import dev.kintsugi.llm.ChatClient.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat client held to one heal's request and token budget, retrying 429/5xx/timeouts with
 * exponential backoff. Every attempt counts as a request. When the budget runs out it refuses, and
 * says why in {@link #stoppedReason()}.
 *
 * <p>Thread-safe, and safe for requests in flight at once: a request takes its slot and reserves
 * its prompt's estimated tokens under this object's lock before it is sent ({@link #admit}), so
 * concurrent requests can never together exceed the request budget, nor start while the tokens used
 * plus those reserved by requests still in flight would pass the token budget.
 */
final class Budgeted {

  /** Waits between retries; injected so tests do not sleep. */
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  /** A request slot with its prompt's token reservation, taken before the request is sent. */
  static final class Admission {
    private final long estimate;
    private boolean released;

    private Admission(long estimate) {
      this.estimate = estimate;
    }
  }

  private final ChatClient client;
  private final int maxRequests;
  private final long maxTokens;
  private final int maxRetries;
  private final long baseBackoffMillis;
  private final Sleeper sleeper;
  private final TokenCounter tokens;

  private int requests;
  private int failedRequests;
  private long inputTokens;
  private long outputTokens;
  private long reservedTokens;
  private String stoppedReason = "";
  private final List<String> errors = new ArrayList<>();

  Budgeted(
      ChatClient client,
      int maxRequests,
      long maxTokens,
      int maxRetries,
      long baseBackoffMillis,
      Sleeper sleeper,
      TokenCounter tokens) {
    this.client = client;
    this.maxRequests = maxRequests;
    this.maxTokens = maxTokens;
    this.maxRetries = maxRetries;
    this.baseBackoffMillis = baseBackoffMillis;
    this.sleeper = sleeper;
    this.tokens = tokens;
  }

  /** Whether one request can return several samples. */
  boolean severalSamplesPerRequest() {
    return client.severalSamplesPerRequest();
  }

  /**
   * One reply of up to {@code samples} samples, retrying retriable failures; empty when the budget
   * is exhausted or the request failed for good (the reason is recorded).
   */
  Optional<ChatReply> chat(String system, String user, double temperature, int samples) {
    return admit(system, user).flatMap(a -> send(a, system, user, temperature, samples));
  }

  /**
   * Takes a request slot and reserves the prompt's tokens, or refuses (empty, recording why) when
   * the budget cannot cover it. Callers sending several requests at once admit them one by one in
   * their own order, so which requests a short budget lets through does not depend on timing.
   */
  Optional<Admission> admit(String system, String user) {
    return admit(tokens.count(system) + (long) tokens.count(user));
  }

  private synchronized Optional<Admission> admit(long estimate) {
    if (requests >= maxRequests) {
      stop("request budget exhausted (" + maxRequests + " requests)");
      return Optional.empty();
    }
    if (inputTokens + outputTokens + reservedTokens + estimate > maxTokens) {
      stop(
          "token budget exhausted ("
              + (inputTokens + outputTokens)
              + " of "
              + maxTokens
              + " tokens used"
              + (reservedTokens > 0 ? ", ~" + reservedTokens + " in flight" : "")
              + ", next prompt ~"
              + estimate
              + ")");
      return Optional.empty();
    }
    requests++;
    reservedTokens += estimate;
    return Optional.of(new Admission(estimate));
  }

  /**
   * Sends an admitted request, retrying retriable failures (each retry is admitted again); empty
   * when it failed for good or the budget ran out on a retry.
   */
  Optional<ChatReply> send(
      Admission admission, String system, String user, double temperature, int samples) {
    Admission current = admission;
    for (int attempt = 0; ; attempt++) {
      ChatReply reply;
      try {
        reply = client.chat(system, user, temperature, samples);
      } catch (ChatFailure failure) {
        failed(current, failure.getMessage());
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
        Optional<Admission> next = admit(current.estimate);
        if (next.isEmpty()) {
          return Optional.empty();
        }
        current = next.get();
        continue;
      } catch (RuntimeException unexpected) {
        // a client bug must not escape into the heal loop: it is a failed request like any other
        // (its message is not kept: unlike ChatFailure's, nothing scrubbed it of the key)
        failed(current, "unexpected " + unexpected.getClass().getSimpleName() + " in the client");
        return Optional.empty();
      }
      long out = reply.outputTokens();
      if (out <= 0) {
        out = reply.samples().stream().map(Sample::text).mapToLong(tokens::count).sum();
      }
      synchronized (this) {
        release(current);
        inputTokens += reply.inputTokens() > 0 ? reply.inputTokens() : current.estimate;
        outputTokens += out;
      }
      return Optional.of(reply);
    }
  }

  /** Gives back the slot and reservation of an admitted request that was never sent. */
  synchronized void withdraw(Admission admission) {
    if (!admission.released) {
      release(admission);
      requests--;
    }
  }

  private synchronized void failed(Admission admission, String error) {
    release(admission);
    failedRequests++;
    errors.add(error);
  }

  private void release(Admission admission) {
    if (!admission.released) {
      admission.released = true;
      reservedTokens -= admission.estimate;
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

package dev.kintsugi.llm;

import java.util.List;

/**
 * What an {@link LlmRepairer} used during one heal, for the report.
 *
 * <p>Stability: experimental.
 *
 * @param requests requests sent, retries included
 * @param failedRequests requests that failed (HTTP error, timeout...)
 * @param inputTokens prompt tokens (as counted by the server, estimated when it did not say)
 * @param outputTokens reply tokens
 * @param stoppedReason why the repairer stopped asking (budget exhausted...), empty if it did not
 * @param errors request errors, scrubbed of secrets
 * @param rejectedReplies why replies became no candidate (unappliable, garbage, truncated...)
 */
public record LlmUsage(
    int requests,
    int failedRequests,
    long inputTokens,
    long outputTokens,
    String stoppedReason,
    List<String> errors,
    List<String> rejectedReplies) {

  public LlmUsage {
    stoppedReason = stoppedReason == null ? "" : stoppedReason;
    errors = List.copyOf(errors);
    rejectedReplies = List.copyOf(rejectedReplies);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}

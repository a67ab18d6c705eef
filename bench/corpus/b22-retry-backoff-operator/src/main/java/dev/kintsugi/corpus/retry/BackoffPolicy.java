package dev.kintsugi.corpus.retry;

import java.util.ArrayList;
import java.util.List;

/** Exponential backoff for calls to flaky downstream services. */
public class BackoffPolicy {

    private final long initialMillis;
    private final long multiplier;
    private final long maxMillis;
    private final int maxAttempts;

    public BackoffPolicy(long initialMillis, long multiplier, long maxMillis, int maxAttempts) {
        if (initialMillis <= 0 || multiplier < 1 || maxMillis < initialMillis || maxAttempts < 1) {
            throw new IllegalArgumentException("invalid backoff settings");
        }
        this.initialMillis = initialMillis;
        this.multiplier = multiplier;
        this.maxMillis = maxMillis;
        this.maxAttempts = maxAttempts;
    }

    /** Delay before retry number {@code attempt} (1-based), capped at maxMillis. */
    public long delayMillis(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempts are 1-based");
        }
        long delay = initialMillis;
        for (int i = 1; i < attempt; i++) {
            delay = delay + multiplier;
            if (delay >= maxMillis) {
                return maxMillis;
            }
        }
        return delay;
    }

    public boolean shouldRetry(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }

    public List<Long> schedule() {
        List<Long> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            delays.add(delayMillis(attempt));
        }
        return delays;
    }

    public long totalWaitMillis() {
        return schedule().stream().mapToLong(Long::longValue).sum();
    }
}

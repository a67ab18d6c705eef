package dev.kintsugi.corpus.ratelimit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Allows at most {@code maxRequests} per client in any window of {@code windowMillis}.
 * A request made at time t counts against the window (t, t + windowMillis): once
 * windowMillis have elapsed it no longer counts.
 */
public class SlidingWindowRateLimiter {

    private final int maxRequests;
    private final long windowMillis;
    private final LongSupplier clock;
    private final Map<String, Deque<Long>> history = new HashMap<>();

    public SlidingWindowRateLimiter(int maxRequests, long windowMillis, LongSupplier clock) {
        if (maxRequests <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        this.maxRequests = maxRequests;
        this.windowMillis = windowMillis;
        this.clock = clock;
    }

    public synchronized boolean tryAcquire(String clientId) {
        long now = clock.getAsLong();
        Deque<Long> timestamps = evictExpired(clientId, now);
        if (timestamps.size() >= maxRequests) {
            return false;
        }
        timestamps.addLast(now);
        return true;
    }

    public synchronized int remaining(String clientId) {
        return maxRequests - evictExpired(clientId, clock.getAsLong()).size();
    }

    private Deque<Long> evictExpired(String clientId, long now) {
        Deque<Long> timestamps = history.computeIfAbsent(clientId, id -> new ArrayDeque<>());
        long oldestAllowed = now - windowMillis;
        while (!timestamps.isEmpty() && timestamps.peekFirst() < oldestAllowed) {
            timestamps.pollFirst();
        }
        return timestamps;
    }
}

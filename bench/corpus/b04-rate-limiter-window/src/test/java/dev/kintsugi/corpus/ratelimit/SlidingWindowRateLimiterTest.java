package dev.kintsugi.corpus.ratelimit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Before;
import org.junit.Test;

public class SlidingWindowRateLimiterTest {

    private AtomicLong now;
    private SlidingWindowRateLimiter limiter;

    @Before
    public void setUp() {
        now = new AtomicLong(10_000);
        limiter = new SlidingWindowRateLimiter(2, 1_000, now::get);
    }

    @Test
    public void allowsRequestsUpToTheLimit() {
        assertTrue(limiter.tryAcquire("alice"));
        assertTrue(limiter.tryAcquire("alice"));
        assertFalse(limiter.tryAcquire("alice"));
    }

    @Test
    public void clientsAreLimitedIndependently() {
        assertTrue(limiter.tryAcquire("alice"));
        assertTrue(limiter.tryAcquire("alice"));
        assertTrue(limiter.tryAcquire("bob"));
    }

    @Test
    public void stillLimitedJustBeforeTheWindowEnds() {
        limiter.tryAcquire("alice");
        limiter.tryAcquire("alice");
        now.addAndGet(999);
        assertFalse(limiter.tryAcquire("alice"));
    }

    @Test
    public void requestsExpireExactlyWhenTheWindowHasElapsed() {
        limiter.tryAcquire("alice");
        limiter.tryAcquire("alice");
        now.addAndGet(1_000);
        assertTrue(limiter.tryAcquire("alice"));
    }

    @Test
    public void remainingCountsDown() {
        assertEquals(2, limiter.remaining("carol"));
        limiter.tryAcquire("carol");
        assertEquals(1, limiter.remaining("carol"));
    }

    @Test
    public void remainingRecoversAfterTheWindow() {
        limiter.tryAcquire("carol");
        limiter.tryAcquire("carol");
        now.addAndGet(1_000);
        assertEquals(2, limiter.remaining("carol"));
    }

    @Test
    public void deniedRequestsAreNotRecorded() {
        limiter.tryAcquire("dave");
        now.addAndGet(500);
        limiter.tryAcquire("dave");
        assertFalse(limiter.tryAcquire("dave"));
        now.addAndGet(600);
        assertTrue(limiter.tryAcquire("dave"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNonPositiveLimits() {
        new SlidingWindowRateLimiter(0, 1_000, now::get);
    }
}

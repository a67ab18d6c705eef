package dev.kintsugi.corpus.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private final BackoffPolicy policy = new BackoffPolicy(100, 2, 5_000, 5);

    @Test
    void firstRetryUsesInitialDelay() {
        assertEquals(100, policy.delayMillis(1));
    }

    @Test
    void delayGrowsGeometrically() {
        assertEquals(200, policy.delayMillis(2));
        assertEquals(800, policy.delayMillis(4));
    }

    @Test
    void delayIsCapped() {
        assertEquals(5_000, policy.delayMillis(12));
    }

    @Test
    void multiplierOfOneKeepsDelayConstant() {
        BackoffPolicy constant = new BackoffPolicy(250, 1, 1_000, 3);
        assertEquals(List.of(250L, 250L, 250L), constant.schedule());
    }

    @Test
    void scheduleListsEveryAttempt() {
        assertEquals(List.of(100L, 200L, 400L, 800L, 1_600L), policy.schedule());
    }

    @Test
    void retriesUntilMaxAttempts() {
        assertTrue(policy.shouldRetry(4));
        assertFalse(policy.shouldRetry(5));
    }

    @Test
    void attemptsAreOneBased() {
        assertThrows(IllegalArgumentException.class, () -> policy.delayMillis(0));
    }

    @Test
    void rejectsInvalidSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BackoffPolicy(100, 2, 50, 3));
    }

    @Test
    void singleAttemptWaitsInitialDelay() {
        assertEquals(300, new BackoffPolicy(300, 3, 10_000, 1).totalWaitMillis());
    }
}

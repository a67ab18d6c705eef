package dev.kintsugi.corpus.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MovingAverageTest {

    @Test
    void simpleAverageOverWindowsOfThree() {
        assertEquals(List.of(2.0, 3.0, 4.0), MovingAverage.simple(List.of(1.0, 2.0, 3.0, 4.0, 5.0), 3));
    }

    @Test
    void windowOfOneIsIdentity() {
        assertEquals(List.of(7.0, 9.0), MovingAverage.simple(List.of(7.0, 9.0), 1));
    }

    @Test
    void windowLargerThanSeriesGivesNothing() {
        assertTrue(MovingAverage.simple(List.of(1.0, 2.0), 3).isEmpty());
    }

    @Test
    void windowMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> MovingAverage.simple(List.of(1.0), 0));
    }

    @Test
    void exponentialIsSeededWithFirstValue() {
        assertEquals(List.of(10.0, 15.0, 12.5), MovingAverage.exponential(List.of(10.0, 20.0, 10.0), 0.5));
    }

    @Test
    void exponentialWithAlphaOneFollowsInput() {
        assertEquals(List.of(3.0, 1.0, 4.0), MovingAverage.exponential(List.of(3.0, 1.0, 4.0), 1.0));
    }

    @Test
    void alphaMustBeInRange() {
        assertThrows(IllegalArgumentException.class, () -> MovingAverage.exponential(List.of(1.0), 0.0));
    }

    @Test
    void maxOfSeries() {
        assertEquals(9.5, MovingAverage.max(List.of(3.0, 9.5, -1.0)));
    }
}

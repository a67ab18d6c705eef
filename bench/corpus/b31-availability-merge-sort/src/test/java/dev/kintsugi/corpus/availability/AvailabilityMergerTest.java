package dev.kintsugi.corpus.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityMergerTest {

    private final AvailabilityMerger merger = new AvailabilityMerger();

    private static Interval iv(int start, int end) {
        return new Interval(start, end);
    }

    @Test
    void mergesOverlappingSortedIntervals() {
        assertEquals(List.of(iv(540, 660), iv(720, 780)),
                merger.merge(List.of(iv(540, 600), iv(570, 660), iv(720, 780))));
    }

    @Test
    void touchingIntervalsAreJoined() {
        assertEquals(List.of(iv(540, 660)), merger.merge(List.of(iv(540, 600), iv(600, 660))));
    }

    @Test
    void containedIntervalDisappears() {
        assertEquals(List.of(iv(480, 720)), merger.merge(List.of(iv(480, 720), iv(500, 510))));
    }

    @Test
    void mergesCalendarsGivenInAnyOrder() {
        assertEquals(List.of(iv(540, 660), iv(720, 780)),
                merger.merge(List.of(iv(720, 780), iv(570, 660), iv(540, 600))));
    }

    @Test
    void freeSlotsBetweenMeetings() {
        List<Interval> busy = List.of(iv(600, 660), iv(540, 570), iv(780, 840));
        assertEquals(List.of(iv(480, 540), iv(570, 600), iv(660, 780), iv(840, 1020)),
                merger.freeSlots(busy, 480, 1020, 30));
    }

    @Test
    void busyMinutesCountOverlapOnce() {
        assertEquals(120, merger.busyMinutes(List.of(iv(600, 660), iv(540, 600), iv(630, 630 + 30))));
    }

    @Test
    void emptyCalendarIsFreeAllDay() {
        assertTrue(merger.merge(List.of()).isEmpty());
        assertEquals(List.of(iv(480, 1020)), merger.freeSlots(List.of(), 480, 1020, 15));
    }

    @Test
    void invalidIntervalIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> iv(600, 600));
    }
}

package dev.kintsugi.corpus.shifts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShiftPlannerTest {

    private final ShiftPlanner planner =
            new ShiftPlanner(LocalTime.of(8, 0), LocalTime.of(18, 0), Duration.ofHours(4));

    @Test
    void dayIsCutIntoShifts() {
        List<TimeSlot> shifts = planner.shifts();
        assertEquals(3, shifts.size());
        assertEquals(new TimeSlot(LocalTime.of(8, 0), LocalTime.of(12, 0)), shifts.get(0));
        assertEquals(new TimeSlot(LocalTime.of(16, 0), LocalTime.of(18, 0)), shifts.get(2));
    }

    @Test
    void shiftsCoverTheWholeDay() {
        Duration total = planner.shifts().stream().map(TimeSlot::length).reduce(Duration.ZERO, Duration::plus);
        assertEquals(Duration.ofHours(10), total);
    }

    @Test
    void breakStartsWhenShiftEnds() {
        TimeSlot shift = new TimeSlot(LocalTime.of(8, 0), LocalTime.of(12, 0));
        assertEquals(new TimeSlot(LocalTime.of(12, 0), LocalTime.of(12, 30)),
                planner.breakAfter(shift, Duration.ofMinutes(30)));
    }

    @Test
    void breakIsCutAtClosingTime() {
        TimeSlot shift = new TimeSlot(LocalTime.of(14, 0), LocalTime.of(17, 45));
        assertEquals(Duration.ofMinutes(15), planner.breakAfter(shift, Duration.ofMinutes(30)).length());
    }

    @Test
    void invalidSlotsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new TimeSlot(LocalTime.NOON, LocalTime.NOON));
    }

    @Test
    void invalidPlannerIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new ShiftPlanner(LocalTime.of(18, 0), LocalTime.of(8, 0), Duration.ofHours(4)));
        assertThrows(IllegalArgumentException.class,
                () -> new ShiftPlanner(LocalTime.of(8, 0), LocalTime.of(18, 0), Duration.ZERO));
    }

    @Test
    void slotToString() {
        assertEquals("09:00-09:15", new TimeSlot(LocalTime.of(9, 0), LocalTime.of(9, 15)).toString());
    }
}

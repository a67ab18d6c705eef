package dev.kintsugi.corpus.recurrence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecurrenceRuleTest {

    private static final LocalDate JAN_31 = LocalDate.of(2024, 1, 31);

    @Test
    void daily() {
        assertEquals(LocalDate.of(2024, 2, 3), new RecurrenceRule(Frequency.DAILY, 3).next(JAN_31));
    }

    @Test
    void weekly() {
        assertEquals(LocalDate.of(2024, 2, 7), new RecurrenceRule(Frequency.WEEKLY, 1).next(JAN_31));
    }

    @Test
    void biweekly() {
        assertEquals(LocalDate.of(2024, 2, 14), new RecurrenceRule(Frequency.BIWEEKLY, 1).next(JAN_31));
    }

    @Test
    void biweeklyOccurrences() {
        LocalDate start = LocalDate.of(2024, 3, 1);
        assertEquals(List.of(start, LocalDate.of(2024, 3, 29), LocalDate.of(2024, 4, 26)),
                new RecurrenceRule(Frequency.BIWEEKLY, 2).occurrences(start, 3));
    }

    @Test
    void monthlyClampsToEndOfMonth() {
        assertEquals(LocalDate.of(2024, 2, 29), new RecurrenceRule(Frequency.MONTHLY, 1).next(JAN_31));
    }

    @Test
    void quarterly() {
        assertEquals(LocalDate.of(2024, 4, 30), new RecurrenceRule(Frequency.QUARTERLY, 1).next(JAN_31));
    }

    @Test
    void yearlyOccurrences() {
        LocalDate leapDay = LocalDate.of(2024, 2, 29);
        assertEquals(List.of(leapDay, LocalDate.of(2025, 2, 28)),
                new RecurrenceRule(Frequency.YEARLY, 1).occurrences(leapDay, 2));
    }

    @Test
    void zeroOccurrences() {
        assertEquals(List.of(), new RecurrenceRule(Frequency.BIWEEKLY, 1).occurrences(JAN_31, 0));
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecurrenceRule(Frequency.DAILY, 0));
    }
}

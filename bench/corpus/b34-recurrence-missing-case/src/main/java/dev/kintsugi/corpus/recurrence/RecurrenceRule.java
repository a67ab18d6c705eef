package dev.kintsugi.corpus.recurrence;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Repeating calendar events such as "every 2 weeks" or "monthly". */
public class RecurrenceRule {

    private final Frequency frequency;
    private final int interval;

    public RecurrenceRule(Frequency frequency, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval must be at least 1");
        }
        this.frequency = frequency;
        this.interval = interval;
    }

    public LocalDate next(LocalDate from) {
        switch (frequency) {
            case DAILY:
                return from.plusDays(interval);
            case WEEKLY:
                return from.plusWeeks(interval);
            case MONTHLY:
                return from.plusMonths(interval);
            case QUARTERLY:
                return from.plusMonths(3L * interval);
            case YEARLY:
                return from.plusYears(interval);
            default:
                throw new IllegalStateException("unsupported frequency " + frequency);
        }
    }

    public List<LocalDate> occurrences(LocalDate start, int count) {
        List<LocalDate> dates = new ArrayList<>();
        LocalDate current = start;
        for (int i = 0; i < count; i++) {
            dates.add(current);
            current = next(current);
        }
        return dates;
    }
}

package dev.kintsugi.corpus.shifts;

import java.time.Duration;
import java.time.LocalTime;

/** A slot within a single day, [start, end). */
public record TimeSlot(LocalTime start, LocalTime end) {

    public TimeSlot {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("slot must end after it starts: " + start + "-" + end);
        }
    }

    public Duration length() {
        return Duration.between(start, end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}

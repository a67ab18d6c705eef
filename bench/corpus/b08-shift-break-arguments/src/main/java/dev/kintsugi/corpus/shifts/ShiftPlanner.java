package dev.kintsugi.corpus.shifts;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/** Cuts a shop's opening hours into consecutive shifts and schedules breaks. */
public class ShiftPlanner {

    private final LocalTime opening;
    private final LocalTime closing;
    private final Duration shiftLength;

    public ShiftPlanner(LocalTime opening, LocalTime closing, Duration shiftLength) {
        if (!opening.isBefore(closing)) {
            throw new IllegalArgumentException("shop must close after it opens");
        }
        if (shiftLength.isNegative() || shiftLength.isZero()) {
            throw new IllegalArgumentException("shift length must be positive");
        }
        this.opening = opening;
        this.closing = closing;
        this.shiftLength = shiftLength;
    }

    public List<TimeSlot> shifts() {
        List<TimeSlot> result = new ArrayList<>();
        LocalTime cursor = opening;
        while (cursor.isBefore(closing)) {
            LocalTime end = cursor.plus(shiftLength);
            if (end.isAfter(closing) || !end.isAfter(cursor)) {
                end = closing;
            }
            result.add(new TimeSlot(cursor, end));
            cursor = end;
        }
        return result;
    }

    /** A break that starts when the given shift ends. */
    public TimeSlot breakAfter(TimeSlot shift, Duration breakLength) {
        LocalTime breakStart = shift.end();
        LocalTime breakEnd = breakStart.plus(breakLength);
        if (breakEnd.isAfter(closing)) {
            breakEnd = closing;
        }
        return new TimeSlot(breakEnd, breakStart);
    }
}

package dev.kintsugi.corpus.availability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Combines the busy periods of several calendars and finds free time. */
public class AvailabilityMerger {

    /** Merges overlapping or touching intervals; the result is sorted by start. */
    public List<Interval> merge(List<Interval> busy) {
        List<Interval> sorted = new ArrayList<>(busy);
        List<Interval> merged = new ArrayList<>();
        for (Interval next : sorted) {
            if (!merged.isEmpty() && next.start() <= merged.get(merged.size() - 1).end()) {
                Interval last = merged.remove(merged.size() - 1);
                merged.add(new Interval(last.start(), Math.max(last.end(), next.end())));
            } else {
                merged.add(next);
            }
        }
        return merged;
    }

    /** Free gaps of at least minLength minutes between dayStart and dayEnd. */
    public List<Interval> freeSlots(List<Interval> busy, int dayStart, int dayEnd, int minLength) {
        List<Interval> free = new ArrayList<>();
        int cursor = dayStart;
        for (Interval interval : merge(busy)) {
            if (interval.start() - cursor >= minLength) {
                free.add(new Interval(cursor, interval.start()));
            }
            cursor = Math.max(cursor, interval.end());
        }
        if (dayEnd - cursor >= minLength) {
            free.add(new Interval(cursor, dayEnd));
        }
        return free;
    }

    public int busyMinutes(List<Interval> busy) {
        return merge(busy).stream().mapToInt(Interval::length).sum();
    }

    static Comparator<Interval> byStart() {
        return Comparator.comparingInt(Interval::start).thenComparingInt(Interval::end);
    }
}

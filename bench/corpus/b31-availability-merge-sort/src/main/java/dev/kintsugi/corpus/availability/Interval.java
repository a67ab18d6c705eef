package dev.kintsugi.corpus.availability;

/** Minutes since midnight, half-open [start, end). */
public record Interval(int start, int end) {

    public Interval {
        if (start < 0 || end > 24 * 60 || start >= end) {
            throw new IllegalArgumentException("bad interval " + start + ".." + end);
        }
    }

    public int length() {
        return end - start;
    }
}

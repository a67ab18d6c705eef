package dev.kintsugi.corpus.metrics;

import java.util.ArrayList;
import java.util.List;

/** Smoothing for the latency dashboard. */
public final class MovingAverage {

    private MovingAverage() {
    }

    /** Simple moving average over each full window of {@code window} consecutive values. */
    public static List<Double> simple(List<Double> values, int window) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive");
        }
        List<Double> out = new ArrayList<>();
        for (int end = window; end <= values.size(); end++) {
            double sum = 0.0;
            for (int i = end - window; i <= end; i++) {
                sum += values.get(i);
            }
            out.add(sum / window);
        }
        return out;
    }

    /** Exponentially weighted moving average, seeded with the first value. */
    public static List<Double> exponential(List<Double> values, double alpha) {
        if (alpha <= 0.0 || alpha > 1.0) {
            throw new IllegalArgumentException("alpha must be in (0, 1]");
        }
        List<Double> out = new ArrayList<>();
        double current = 0.0;
        for (int i = 0; i < values.size(); i++) {
            current = i == 0 ? values.get(0) : alpha * values.get(i) + (1 - alpha) * current;
            out.add(current);
        }
        return out;
    }

    public static double max(List<Double> values) {
        double best = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            best = Math.max(best, v);
        }
        return best;
    }
}

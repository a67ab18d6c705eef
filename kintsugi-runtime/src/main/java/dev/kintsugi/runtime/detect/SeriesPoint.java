package dev.kintsugi.runtime.detect;

import java.time.Instant;

/**
 * One point of a series read from a CSV file: where it was ({@code line}, 1-based), the timestamp
 * and value as written (so output echoes them unchanged), and their parsed forms.
 */
public record SeriesPoint(int line, String timestamp, Instant at, String valueText, double value) {}

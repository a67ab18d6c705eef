package dev.kintsugi.runtime.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The NAB data format: {@code timestamp,value} lines in, {@code timestamp,value,anomaly_score}
 * lines out.
 *
 * <p>Input: an optional header line whose first field is {@code timestamp}; timestamps as NAB
 * writes them ({@code 2014-04-01 00:00:00}, UTC) or ISO-8601 (with {@code T}, optional fraction,
 * {@code Z} or an offset; without a zone, UTC); values finite decimal numbers. Blank lines are
 * skipped. Timestamps must strictly increase. Gaps (missing intervals) are allowed and not filled:
 * detectors see the points that exist, key their seasonality by wall time so a gap does not shift
 * the season, and count trends and run lengths in points. Anything else is a {@link
 * SeriesFormatException} naming the line.
 */
public final class NabCsv {
  /** The header of the output. */
  public static final String OUTPUT_HEADER = "timestamp,value,anomaly_score";

  private NabCsv() {}

  /** Reads a whole file (UTF-8). */
  public static List<SeriesPoint> read(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /** Reads a series; {@code source} names it in error messages. */
  public static List<SeriesPoint> read(BufferedReader in, String source) throws IOException {
    List<SeriesPoint> points = new ArrayList<>();
    String text;
    int line = 0;
    while ((text = in.readLine()) != null) {
      line++;
      if (line == 1 && text.startsWith("\uFEFF")) {
        text = text.substring(1);
      }
      if (text.isBlank()) {
        continue;
      }
      String[] fields = text.split(",", -1);
      if (points.isEmpty() && fields[0].trim().equalsIgnoreCase("timestamp")) {
        continue; // the header
      }
      if (fields.length != 2) {
        throw new SeriesFormatException(
            source,
            line,
            "expected 2 columns (timestamp,value), found " + fields.length + ": " + clip(text));
      }
      String stamp = fields[0].trim();
      String valueText = fields[1].trim();
      Instant at = parseTime(stamp, source, line);
      double value = parseValue(valueText, source, line);
      if (!points.isEmpty()) {
        SeriesPoint previous = points.get(points.size() - 1);
        if (at.equals(previous.at())) {
          throw new SeriesFormatException(
              source,
              line,
              "duplicate timestamp " + stamp + " (also on line " + previous.line() + ")");
        }
        if (at.isBefore(previous.at())) {
          throw new SeriesFormatException(
              source,
              line,
              "timestamps must increase: "
                  + stamp
                  + " comes before "
                  + previous.timestamp()
                  + " on line "
                  + previous.line());
        }
      }
      points.add(new SeriesPoint(line, stamp, at, valueText, value));
    }
    if (points.isEmpty()) {
      throw new SeriesFormatException(source, 0, "no data points (expected timestamp,value lines)");
    }
    return points;
  }

  /** Scores the points in order with {@code detector}. */
  public static double[] score(Detector detector, List<SeriesPoint> points) {
    double[] scores = new double[points.size()];
    for (int i = 0; i < scores.length; i++) {
      SeriesPoint p = points.get(i);
      scores[i] = detector.score(p.at(), p.value());
    }
    return scores;
  }

  /** Writes the header and one {@code timestamp,value,anomaly_score} line per point. */
  public static void write(Writer out, List<SeriesPoint> points, double[] scores)
      throws IOException {
    if (scores.length != points.size()) {
      throw new IllegalArgumentException(
          points.size() + " points but " + scores.length + " scores");
    }
    out.write(OUTPUT_HEADER);
    out.write('\n');
    for (int i = 0; i < scores.length; i++) {
      SeriesPoint p = points.get(i);
      out.write(p.timestamp());
      out.write(',');
      out.write(p.valueText());
      out.write(',');
      out.write(String.format(Locale.ROOT, "%.6f", scores[i]));
      out.write('\n');
    }
  }

  static Instant parseTime(String stamp, String source, int line) {
    String iso =
        stamp.length() > 10 && stamp.charAt(10) == ' ' ? stamp.replaceFirst(" ", "T") : stamp;
    try {
      TemporalAccessor t =
          DateTimeFormatter.ISO_DATE_TIME.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
      return t instanceof OffsetDateTime o
          ? o.toInstant()
          : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new SeriesFormatException(
          source,
          line,
          "bad timestamp '"
              + clip(stamp)
              + "': expected 2014-04-01 00:00:00 or ISO-8601 (2014-04-01T00:00:00Z)");
    }
  }

  private static double parseValue(String text, String source, int line) {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new SeriesFormatException(source, line, "value is not a number: '" + clip(text) + "'");
    }
    if (!Double.isFinite(value)) {
      throw new SeriesFormatException(
          source, line, "value must be finite, was '" + clip(text) + "'");
    }
    return value;
  }

  /** Input is untrusted: quote at most 60 characters of it, without control characters. */
  private static String clip(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() <= 60 ? clean : clean.substring(0, 60) + "…";
  }
}

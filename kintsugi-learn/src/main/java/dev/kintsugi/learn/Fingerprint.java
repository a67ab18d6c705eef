package dev.kintsugi.learn;

import dev.kintsugi.core.signal.TestOutcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies a failure across runs: the exception type and the top in-app frames (class and method,
 * no line numbers: those move with edits) of the first failing test, and the sorted ids of the
 * failing tests.
 *
 * <p>Stability: experimental.
 */
public record Fingerprint(String exceptionType, List<String> frames, List<String> tests) {

  static final int TOP_FRAMES = 3;
  private static final int MAX_TESTS = 20;

  private static final Pattern FRAME =
      Pattern.compile("^\\s*at\\s+(?:[\\w.$@-]*/){0,2}([\\w.$]+)\\.([\\w$<>]+)\\([^)]*\\)\\s*$");
  private static final List<String> LIBRARY_PREFIXES =
      List.of(
          "java.",
          "javax.",
          "jdk.",
          "sun.",
          "com.sun.",
          "org.junit.",
          "junit.",
          "org.opentest4j.",
          "org.assertj.",
          "org.hamcrest.",
          "org.apache.maven.",
          "org.gradle.",
          "org.mockito.",
          "net.bytebuddy.",
          "kotlin.",
          "scala.",
          "org.testng.");

  public Fingerprint {
    exceptionType = exceptionType == null ? "" : exceptionType;
    frames = List.copyOf(frames);
    tests = List.copyOf(tests);
  }

  /** The fingerprint of a set of failing tests (the first in id order gives type and frames). */
  public static Fingerprint of(List<TestOutcome> failing) {
    Objects.requireNonNull(failing, "failing");
    List<TestOutcome> sorted =
        failing.stream().sorted(Comparator.comparing(o -> o.id().toString())).toList();
    List<String> tests =
        sorted.stream().map(o -> o.id().toString()).distinct().limit(MAX_TESTS).toList();
    if (sorted.isEmpty()) {
      return new Fingerprint("", List.of(), tests);
    }
    TestOutcome first = sorted.get(0);
    return new Fingerprint(
        first.exceptionType(), inAppFrames(first.stackTrace(), TOP_FRAMES), tests);
  }

  /** {@code Class.method} of the first {@code limit} frames outside the JDK and test libraries. */
  static List<String> inAppFrames(String trace, int limit) {
    List<String> frames = new ArrayList<>();
    for (String line : trace.split("\\R")) {
      if (line.trim().startsWith("Caused by:")) {
        break; // the top of the trace is where the failure surfaced
      }
      Matcher m = FRAME.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String cls = m.group(1);
      if (LIBRARY_PREFIXES.stream().anyMatch(cls::startsWith)) {
        continue;
      }
      frames.add(cls + "." + m.group(2));
      if (frames.size() == limit) {
        break;
      }
    }
    return frames;
  }

  /** A stable short id (16 hex digits of SHA-256 over the parts). */
  public String id() {
    String canonical =
        exceptionType + "\n" + String.join("\n", frames) + "\n--\n" + String.join("\n", tests);
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }

  /** Words for similarity search. */
  String text() {
    return exceptionType + " " + String.join(" ", frames) + " " + String.join(" ", tests);
  }
}

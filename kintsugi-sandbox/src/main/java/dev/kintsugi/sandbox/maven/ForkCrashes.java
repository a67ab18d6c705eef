package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Tests that ended Surefire's test JVM, so that they have no XML report: {@code System.exit} (the
 * build log's "Crashed tests:" names the class) and an error Surefire's fork could not report (a
 * JUnit 5 test running out of memory: the fork's {@code .dump} file holds the trace, whose frames
 * name the test method). Each becomes an ERROR outcome, so the heal sees the test the build failed
 * instead of a build that failed for no reported reason.
 */
final class ForkCrashes {

  private static final Pattern EXIT_CODE = Pattern.compile("Process Exit Code: (\\d+)");
  private static final Pattern CLASS_LINE =
      Pattern.compile("^\\[ERROR\\] ([\\w$]+(?:\\.[\\w$]+)+)$");
  private static final Pattern THROWN =
      Pattern.compile("^([\\w$]+(?:\\.[\\w$]+)+(?:Error|Exception|Throwable))(?:: (.*))?$");
  private static final Pattern FRAME =
      Pattern.compile("^\\s*at (?:[\\w.]+/)?([\\w$.]+)\\.([\\w$<>]+)\\(");

  private ForkCrashes() {}

  /**
   * @param reported the outcomes of the XML reports
   * @param log the build's output
   * @param root the project (its {@code target/test-classes} tells test frames apart)
   * @return {@code reported} with an ERROR outcome added for every test that ended the fork
   */
  static List<TestOutcome> addTo(List<TestOutcome> reported, List<String> log, Path root) {
    Set<TestId> known = new LinkedHashSet<>();
    reported.forEach(o -> known.add(o.id()));
    List<TestOutcome> all = new ArrayList<>(reported);
    for (TestOutcome crash : exited(log)) {
      if (reported.stream().noneMatch(o -> o.id().className().equals(crash.id().className()))) {
        all.add(crash);
      }
    }
    for (TestOutcome error : dumped(root)) {
      if (known.add(error.id())) {
        all.add(error);
      }
    }
    return List.copyOf(all);
  }

  /** Classes under "Crashed tests:" in the log, with the fork's exit code. */
  static List<TestOutcome> exited(List<String> log) {
    String exitCode = "?";
    Set<String> classes = new LinkedHashSet<>();
    boolean inList = false;
    for (String line : log) {
      Matcher code = EXIT_CODE.matcher(line);
      if (code.find()) {
        exitCode = code.group(1);
      }
      if (line.endsWith("Crashed tests:")) {
        inList = true;
        continue;
      }
      Matcher name = CLASS_LINE.matcher(line.strip());
      if (inList && name.matches()) {
        classes.add(name.group(1));
      } else {
        inList = false;
      }
    }
    String why = exitCode;
    return classes.stream()
        .map(
            type ->
                new TestOutcome(
                    new TestId(type, ""),
                    TestStatus.ERROR,
                    0,
                    "",
                    "the test JVM exited (exit code "
                        + why
                        + ") while running this class: VM crash or System.exit called",
                    ""))
        .toList();
  }

  /** Traces in the fork's {@code .dump} files whose frames reach a test method. */
  private static List<TestOutcome> dumped(Path root) {
    List<TestOutcome> found = new ArrayList<>();
    Path testClasses = root.resolve("target/test-classes");
    for (Path dir : SurefireReports.directories(root)) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path dump : files.filter(f -> f.toString().endsWith(".dump")).sorted().toList()) {
          trace(Files.readAllLines(dump, StandardCharsets.UTF_8), testClasses)
              .ifPresent(found::add);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read Surefire's dump files in " + dir, e);
      }
    }
    return found;
  }

  static Optional<TestOutcome> trace(List<String> lines, Path testClasses) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher thrown = THROWN.matcher(lines.get(i));
      if (!thrown.matches()) {
        continue;
      }
      List<String> trace = new ArrayList<>(List.of(lines.get(i)));
      for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("\tat "); j++) {
        trace.add(lines.get(j));
        Matcher frame = FRAME.matcher(lines.get(j));
        if (frame.find() && isTestClass(testClasses, frame.group(1))) {
          return Optional.of(
              new TestOutcome(
                  new TestId(frame.group(1), frame.group(2)),
                  TestStatus.ERROR,
                  0,
                  thrown.group(1),
                  thrown.group(2) == null ? "" : thrown.group(2),
                  String.join("\n", trace)));
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isTestClass(Path testClasses, String className) {
    return Files.isRegularFile(testClasses.resolve(className.replace('.', '/') + ".class"));
  }
}

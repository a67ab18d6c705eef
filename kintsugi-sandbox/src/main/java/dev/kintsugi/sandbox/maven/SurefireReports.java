package dev.kintsugi.sandbox.maven;

import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Finds, deletes and reads Surefire's XML reports ({@code target/surefire-reports}). */
final class SurefireReports {

  private static final String DIR = "surefire-reports";

  private SurefireReports() {}

  /** Every module's {@code target/surefire-reports} directory under {@code root}. */
  static List<Path> directories(Path root) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root) && (name.startsWith(".") || name.equals("node_modules"))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              if (name.equals("target")) {
                Path reports = dir.resolve(DIR);
                if (Files.isDirectory(reports)) {
                  found.add(reports);
                }
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan " + root + " for test reports", e);
    }
    return found;
  }

  /** Deletes stale reports so that only the next run's results are read. */
  static void deleteAll(Path root) {
    for (Path dir : directories(root)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete stale test reports in " + dir, e);
      }
    }
  }

  /**
   * Reads all {@code TEST-*.xml} reports. Invocations of one method (parameterized tests) are
   * folded into one outcome, the worst status winning, so ids match the test worker's.
   */
  static List<TestOutcome> read(Path root) {
    Map<TestId, TestOutcome> byId = new LinkedHashMap<>();
    for (Path dir : directories(root)) {
      for (Path report : reports(dir)) {
        readReport(report, byId);
      }
    }
    return List.copyOf(byId.values());
  }

  /**
   * Like {@link #read}, by module directory (the one holding {@code target/surefire-reports}), so
   * that a reactor's failing tests can be traced to their module.
   */
  static Map<Path, List<TestOutcome>> readByModule(Path root) {
    Map<Path, List<TestOutcome>> byModule = new LinkedHashMap<>();
    for (Path dir : directories(root)) {
      Map<TestId, TestOutcome> byId = new LinkedHashMap<>();
      for (Path report : reports(dir)) {
        readReport(report, byId);
      }
      byModule.put(
          dir.getParent().getParent().toAbsolutePath().normalize(), List.copyOf(byId.values()));
    }
    return byModule;
  }

  private static List<Path> reports(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(file -> file.getFileName().toString().startsWith("TEST-"))
          .filter(file -> file.getFileName().toString().endsWith(".xml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static void readReport(Path report, Map<TestId, TestOutcome> byId) {
    Element suite;
    try {
      suite = Xml.parse(report).getDocumentElement();
    } catch (IOException e) {
      // A run killed mid-write leaves a truncated report: skip it rather than lose the others.
      return;
    }
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      TestOutcome outcome = outcome((Element) cases.item(i));
      byId.merge(outcome.id(), outcome, SurefireReports::worse);
    }
  }

  private static TestOutcome outcome(Element testCase) {
    TestId id = new TestId(testCase.getAttribute("classname"), methodName(testCase));
    long millis = millis(testCase.getAttribute("time"));
    for (String kind : List.of("failure", "error", "skipped")) {
      Element problem = Xml.child(testCase, kind);
      if (problem != null) {
        TestStatus status =
            switch (kind) {
              case "failure" -> TestStatus.FAILED;
              case "error" -> TestStatus.ERROR;
              default -> TestStatus.SKIPPED;
            };
        return new TestOutcome(
            id,
            status,
            millis,
            problem.getAttribute("type"),
            problem.getAttribute("message"),
            problem.getTextContent().strip());
      }
    }
    return TestOutcome.passed(id, millis);
  }

  /**
   * The bare method name: Surefire writes parameterized invocations as {@code name(int)[1]}, and
   * class-level failures with the class name or nothing as the name.
   */
  private static String methodName(Element testCase) {
    String name = testCase.getAttribute("name");
    int cut = name.length();
    for (char stop : new char[] {'(', '[', '{'}) {
      int at = name.indexOf(stop);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    name = name.substring(0, cut).strip();
    return name.equals(testCase.getAttribute("classname")) ? "" : name;
  }

  private static long millis(String seconds) {
    try {
      return Math.round(Double.parseDouble(seconds.replace(",", "")) * 1000);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static TestOutcome worse(TestOutcome first, TestOutcome second) {
    TestOutcome worst = rank(second.status()) > rank(first.status()) ? second : first;
    return new TestOutcome(
        worst.id(),
        worst.status(),
        first.millis() + second.millis(),
        worst.exceptionType(),
        worst.message(),
        worst.stackTrace());
  }

  private static int rank(TestStatus status) {
    return switch (status) {
      case SKIPPED -> 0;
      case PASSED -> 1;
      case FAILED -> 2;
      case ERROR -> 3;
      case TIMEOUT -> 4;
    };
  }
}

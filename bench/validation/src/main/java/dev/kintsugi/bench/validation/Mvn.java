package dev.kintsugi.bench.validation;

import dev.kintsugi.sandbox.process.ProcessResult;
import dev.kintsugi.sandbox.process.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Plain {@code mvn -q -o test}, the slow path: one build per candidate. */
final class Mvn {

  private static final Pattern TESTS = Pattern.compile("<testsuite[^>]*?\\stests=\"(\\d+)\"");

  private Mvn() {}

  record Run(int exitCode, double seconds, int tests) {}

  static Run test(Path root, Duration timeout) throws IOException {
    String mvn = System.getenv().getOrDefault("MVN", "mvn");
    Path log = root.resolveSibling(root.getFileName() + "-mvn.log");
    long start = System.nanoTime();
    ProcessResult result =
        new ProcessRunner().run(List.of(mvn, "-q", "-o", "test"), root, Map.of(), timeout, log);
    double seconds = ValidationBench.seconds(start);
    if (result.timedOut()) {
      throw new IllegalStateException("mvn test timed out in " + root);
    }
    return new Run(result.exitCode(), seconds, countTests(root));
  }

  /** Tests Surefire ran, from its XML reports. */
  private static int countTests(Path root) throws IOException {
    Path reports = root.resolve("target/surefire-reports");
    if (!Files.isDirectory(reports)) {
      return 0;
    }
    int total = 0;
    try (Stream<Path> files = Files.list(reports)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".xml")).toList()) {
        Matcher matcher = TESTS.matcher(Files.readString(file, StandardCharsets.UTF_8));
        if (matcher.find()) {
          total += Integer.parseInt(matcher.group(1));
        }
      }
    }
    return total;
  }
}

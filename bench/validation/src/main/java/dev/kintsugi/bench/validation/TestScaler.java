package dev.kintsugi.bench.validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes a project's test suite {@code k} times larger by copying every test class under new names,
 * to see how validation cost grows with the number of tests.
 */
final class TestScaler {

  private static final Pattern SUFFIX = Pattern.compile("(.*?)(Tests?|TestCase)");

  private TestScaler() {}

  static void replicate(Path root, int k) throws IOException {
    Path tests = root.resolve("src/test/java");
    List<Path> sources;
    try (Stream<Path> files = Files.walk(tests)) {
      sources = files.filter(f -> f.getFileName().toString().endsWith(".java")).toList();
    }
    for (Path source : sources) {
      String name = source.getFileName().toString().replace(".java", "");
      String content = Files.readString(source, StandardCharsets.UTF_8);
      for (int copy = 2; copy <= k; copy++) {
        Matcher matcher = SUFFIX.matcher(name);
        String renamed =
            matcher.matches()
                ? matcher.group(1) + "Copy" + copy + matcher.group(2)
                : "Test" + copy + name;
        Files.writeString(
            source.resolveSibling(renamed + ".java"),
            content.replaceAll("\\b" + Pattern.quote(name) + "\\b", renamed),
            StandardCharsets.UTF_8);
      }
    }
  }
}

package dev.kintsugi.sandbox.maven;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The test class path of each module, written by the project's own test run: the heal's first
 * {@code mvn test} also runs {@code dependency:build-classpath} in every module, so resolving the
 * layout needs no second Maven run (one JVM start and model build fewer: seconds per heal).
 */
final class RunClasspaths {

  /** Relative to each module: Maven aligns a relative {@code File} parameter to the module. */
  static final String FILE = "target/kintsugi-test-classpath.txt";

  private RunClasspaths() {}

  /** The goal and properties to append to a test run's command line. */
  static List<String> goal() {
    return List.of(
        MavenCommand.DEPENDENCY_PLUGIN + ":build-classpath",
        "-Dmdep.outputFile=" + FILE,
        "-Dmdep.includeScope=test");
  }

  /** Deletes files of earlier runs, so that a file found later was written by the next run. */
  static void deleteAll(Path root) {
    List<Path> dirs = new ArrayList<>(List.of(root));
    if (Reactor.isReactor(root)) {
      Reactor.read(root).modules().forEach(m -> dirs.add(m.dir()));
    }
    for (Path dir : dirs) {
      try {
        Files.deleteIfExists(dir.resolve(FILE));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete a stale class path file in " + dir, e);
      }
    }
  }

  /** The class path the last run wrote for {@code moduleDir}, if it wrote one. */
  static Optional<List<Path>> read(Path moduleDir) {
    Path file = moduleDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      return Optional.empty(); // resolved again with Maven
    }
  }

  /** The entries of a class path file as {@code dependency:build-classpath} writes it. */
  static List<Path> parse(String text) {
    String entries = text.strip();
    return entries.isEmpty()
        ? List.of()
        : Arrays.stream(entries.split(File.pathSeparator)).map(Path::of).toList();
  }
}

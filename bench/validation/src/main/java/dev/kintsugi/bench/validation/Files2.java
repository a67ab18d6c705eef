package dev.kintsugi.bench.validation;

import dev.kintsugi.sandbox.process.ProcessResult;
import dev.kintsugi.sandbox.process.ProcessRunner;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** File chores of the benchmark: copies of corpus projects, the reference fix. */
final class Files2 {

  private Files2() {}

  /** Copies a corpus project without its answer key and build output. */
  static void copyProject(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path relative = source.relativize(file);
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        if (first.equals("target") || first.equals("bug.properties") || first.equals("fix.diff")) {
          continue;
        }
        Path to = target.resolve(relative.toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
  }

  static Map<String, String> properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    }
    Map<String, String> map = new LinkedHashMap<>();
    properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
    return map;
  }

  static void touch(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
  }

  /**
   * The files {@code fix.diff} changes, with their fixed content: applied with {@code git apply} to
   * a scratch copy of the project.
   */
  static Map<String, String> referenceFix(Path source, Path projectRoot, Path scratch)
      throws IOException {
    copyProject(source, scratch);
    Path diff = source.resolve("fix.diff").toAbsolutePath();
    ProcessResult applied =
        new ProcessRunner()
            .run(
                List.of("git", "apply", diff.toString()),
                scratch,
                Map.of(),
                Duration.ofMinutes(1),
                scratch.resolveSibling(scratch.getFileName() + ".log"));
    if (applied.exitCode() != 0) {
      throw new IllegalStateException("git apply " + diff + " failed:\n" + applied.outputTail());
    }
    Map<String, String> changed = new LinkedHashMap<>();
    for (String line : Files.readAllLines(diff, StandardCharsets.UTF_8)) {
      if (line.startsWith("+++ b/")) {
        String path = line.substring("+++ b/".length()).strip();
        changed.put(path, Files.readString(scratch.resolve(path), StandardCharsets.UTF_8));
      }
    }
    return changed;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    }
  }
}

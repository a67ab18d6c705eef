package dev.kintsugi.sandbox.testrun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary directory for one run (extracted jars, class files, coverage data), then deleted. */
final class Scratch implements AutoCloseable {

  private final Path dir;

  private Scratch(Path dir) {
    this.dir = dir;
  }

  static Scratch create(Path parent) {
    try {
      Files.createDirectories(parent);
      return new Scratch(Files.createTempDirectory(parent, "kintsugi-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory in " + parent, e);
    }
  }

  Path dir() {
    return dir;
  }

  Path newDirectory(String name) {
    try {
      return Files.createDirectories(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir.resolve(name), e);
    }
  }

  @Override
  public void close() {
    delete(dir);
  }

  /** Deletes a file or a directory tree, as far as possible. */
  static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a file still held open is removed with the OS's temp directory. The walk
      // throws unchecked when another thread deletes part of the tree meanwhile (the compiler's
      // warm-up cleans its own directory when a heal ends early): what is left is gone anyway.
    }
  }
}

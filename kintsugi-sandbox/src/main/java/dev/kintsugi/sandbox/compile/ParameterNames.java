package dev.kintsugi.sandbox.compile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether a project's build compiles with {@code -parameters}, read from its class files (the
 * {@code MethodParameters} attribute): Spring resolves {@code @PathVariable} and
 * {@code @RequestParam} names from it, so a candidate compiled without it fails where the build
 * passes. Reading the attribute's name in the constant pool is enough; a class file parser would be
 * more than this needs.
 */
public final class ParameterNames {

  private static final byte[] ATTRIBUTE = "MethodParameters".getBytes(StandardCharsets.UTF_8);
  private static final int SAMPLE = 50;

  private ParameterNames() {}

  /** Whether any of the first class files found under {@code classes} keeps parameter names. */
  public static boolean kept(List<Path> classes) {
    for (Path dir : classes) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        List<Path> sample =
            files.filter(f -> f.getFileName().toString().endsWith(".class")).limit(SAMPLE).toList();
        for (Path file : sample) {
          if (contains(Files.readAllBytes(file), ATTRIBUTE)) {
            return true;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the class files in " + dir, e);
      }
    }
    return false;
  }

  private static boolean contains(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}

package dev.kintsugi.java.localize;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the repository-relative path of a main source file from a class's package and source file
 * name, so stack frames and coverage map to files Kintsugi may edit.
 */
public final class SourceIndex {

  private final Map<String, String> byPackagePath;

  private SourceIndex(Map<String, String> byPackagePath) {
    this.byPackagePath = Map.copyOf(byPackagePath);
  }

  /**
   * Indexes the {@code .java} files under the given main source roots.
   *
   * @param repoRoot the workspace root, to make paths relative
   * @param mainSourceRoots absolute source roots (e.g. {@code <root>/src/main/java})
   */
  public static SourceIndex scan(Path repoRoot, List<Path> mainSourceRoots) {
    Map<String, String> index = new HashMap<>();
    for (Path sourceRoot : mainSourceRoots) {
      if (!Files.isDirectory(sourceRoot)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sourceRoot)) {
        files
            .filter(p -> p.toString().endsWith(".java") && Files.isRegularFile(p))
            .forEach(
                p ->
                    index.putIfAbsent(
                        slashes(sourceRoot.relativize(p)), slashes(repoRoot.relativize(p))));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot scan sources under " + sourceRoot, e);
      }
    }
    return new SourceIndex(index);
  }

  /** Index from explicit package-relative → repository-relative pairs (for tests). */
  static SourceIndex of(Map<String, String> byPackagePath) {
    return new SourceIndex(byPackagePath);
  }

  /**
   * The repository-relative path of {@code fileName} in {@code packageName}, when it is a main
   * source file.
   */
  public Optional<String> find(String packageName, String fileName) {
    String key = packageName.isEmpty() ? fileName : packageName.replace('.', '/') + "/" + fileName;
    return Optional.ofNullable(byPackagePath.get(key));
  }

  private static String slashes(Path p) {
    return p.toString().replace('\\', '/');
  }
}

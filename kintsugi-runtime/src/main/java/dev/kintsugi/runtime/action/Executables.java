package dev.kintsugi.runtime.action;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds an executable as a shell would, but without one: an absolute path, or a name on PATH. */
public final class Executables {

  private Executables() {}

  /**
   * The real path of {@code name} (symbolic links resolved, so an allow-list entry and a command
   * naming the same file through a link agree); empty when it is not an executable file.
   */
  public static Optional<Path> resolve(String name, Map<String, String> env) {
    if (name.contains("/")) {
      Path path = Path.of(name);
      return path.isAbsolute() ? real(path) : Optional.empty();
    }
    String pathVar = env.getOrDefault("PATH", "");
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Optional<Path> found = real(Path.of(dir, name));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> real(Path path) {
    try {
      Path real = path.toRealPath();
      return Files.isRegularFile(real) && Files.isExecutable(real)
          ? Optional.of(real)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

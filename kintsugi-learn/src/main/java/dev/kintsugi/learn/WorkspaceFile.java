package dev.kintsugi.learn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a file a remembered fix or a ranked location names: data, so it may not escape. */
final class WorkspaceFile {

  private static final long MAX_FILE_BYTES = 2_000_000;

  private WorkspaceFile() {}

  /** A file's text if it is a regular file inside the workspace (symlinks resolved), not huge. */
  static Optional<String> read(Path root, String file) {
    try {
      Path base = root.toRealPath();
      Path path = base.resolve(file).normalize();
      if (!path.startsWith(base)
          || !Files.isRegularFile(path)
          || !path.toRealPath().startsWith(base)
          || Files.size(path) > MAX_FILE_BYTES) {
        return Optional.empty();
      }
      return Optional.of(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}

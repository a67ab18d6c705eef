package dev.kintsugi.runtime.action;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files that others read while we write (pid files, flag files). */
final class AtomicFiles {

  private AtomicFiles() {}

  /**
   * Writes {@code content} to {@code file} through a temporary file in the same directory moved
   * over it, so a reader (flagd's file watcher, a supervisor) sees the old content or the new,
   * never half of it. The file keeps its permissions.
   */
  static void write(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      if (Files.exists(file)) { // a temporary file is owner-only: keep who may read the file
        Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(file));
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}

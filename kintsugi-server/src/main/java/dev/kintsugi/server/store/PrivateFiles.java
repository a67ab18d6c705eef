package dev.kintsugi.server.store;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files only the server's user may read: directories 0700, files 0600 (on POSIX file systems;
 * elsewhere the platform's defaults stay). The database holds every event, scrubbed or not quite.
 */
final class PrivateFiles {

  static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates {@code dir} (and missing parents) as 0700; an existing one is tightened only when
   * {@code tighten}: a directory an operator chose may be shared on purpose (or be {@code /tmp}).
   */
  static void directory(Path dir, boolean tighten) throws IOException {
    if (!posix()) {
      Files.createDirectories(dir);
      return;
    }
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        directory(parent, false);
      }
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
      // createDirectory's mode is filtered by the umask; set it exactly.
      Files.setPosixFilePermissions(dir, DIRECTORY);
    } else if (tighten) {
      Files.setPosixFilePermissions(dir, DIRECTORY);
    }
  }

  /** Sets 0600 on the regular files in {@code dir} whose names start with {@code prefix}. */
  static void restrict(Path dir, String prefix) throws IOException {
    if (!posix() || !Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith(prefix)
            && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(f, FILE);
        }
      }
    }
  }

  /** Writes {@code text} to {@code file} as 0600, all at once (a reader never sees half). */
  static void writeSecret(Path file, String text) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    FileAttribute<?>[] attrs =
        posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attrs);
    try {
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(text);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}

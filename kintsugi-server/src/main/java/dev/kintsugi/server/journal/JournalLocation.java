package dev.kintsugi.server.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Where a server keeps its ingest journal when none is configured: next to an H2 file database
 * ({@code <file>.journal}), in a fresh temporary directory for an in-memory database (which does
 * not outlive the process either), and for a database on another host (PostgreSQL, H2 over TCP)
 * under {@code ~/.kintsugi/journal/}, named by a hash of the URL.
 *
 * @param dir the directory
 * @param temporary whether it should be deleted when the server stops
 */
public record JournalLocation(Path dir, boolean temporary) {

  /** The default location for {@code jdbcUrl}; {@code home} is the user's home directory. */
  public static JournalLocation forDatabase(String jdbcUrl, Path home) {
    if (jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:h2:")) {
      String spec = jdbcUrl.substring("jdbc:h2:".length());
      int options = spec.indexOf(';');
      if (options >= 0) {
        spec = spec.substring(0, options);
      }
      String kind = spec.toLowerCase(Locale.ROOT);
      if (kind.startsWith("mem:")) {
        return new JournalLocation(temporaryDir(), true);
      }
      if (!kind.startsWith("tcp:") && !kind.startsWith("ssl:")) {
        if (kind.startsWith("file:")) {
          spec = spec.substring("file:".length());
        }
        Path file =
            spec.startsWith("~")
                ? home.resolve(spec.substring(1).replaceFirst("^[/\\\\]", ""))
                : Path.of(spec);
        return new JournalLocation(
            file.toAbsolutePath().resolveSibling(file.getFileName() + ".journal"), false);
      }
    }
    return new JournalLocation(
        home.resolve(".kintsugi").resolve("journal").resolve(hash(jdbcUrl)), false);
  }

  private static Path temporaryDir() {
    try {
      return Files.createTempDirectory("kintsugi-journal-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary ingest journal", e);
    }
  }

  private static String hash(String url) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

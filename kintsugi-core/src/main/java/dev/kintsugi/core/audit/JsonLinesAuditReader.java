package dev.kintsugi.core.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a JSON-lines audit trail: one written by {@link JsonLinesAuditLog}, or the server's export.
 * Bytes that are not UTF-8 are read as U+FFFD, so an entry changed that way fails its hash rather
 * than the reading.
 */
public final class JsonLinesAuditReader {

  private JsonLinesAuditReader() {}

  /**
   * Verifies the trail in {@code file} ({@link AuditChain#verify}), against its recorded head when
   * {@code FILE.head} exists. A line that is not an entry is the first bad one (seq 0, its line
   * number in {@code why}).
   *
   * @throws IOException when the file (or its head file) cannot be read
   */
  public static AuditVerification verify(Path file) throws IOException {
    Optional<AuditHead> head = JsonLinesAuditLog.readHead(file);
    ChainWalk walk = new ChainWalk(head.map(List::of).orElse(List.of()));
    try (BufferedReader in = reader(file)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        AuditEntry entry;
        try {
          entry = AuditJson.parse(line);
        } catch (IllegalArgumentException e) {
          walk.unreadable("line " + number + " is not an audit entry: " + e.getMessage());
          break;
        }
        if (!walk.accept(entry)) {
          break;
        }
      }
    }
    return walk.result();
  }

  /**
   * Hands each entry of {@code file} to {@code entries}, first first.
   *
   * @throws IllegalArgumentException naming the first line that is not an entry
   */
  public static void forEach(Path file, Consumer<AuditEntry> entries) throws IOException {
    try (BufferedReader in = reader(file)) {
      String line;
      long number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        AuditEntry entry;
        try {
          entry = AuditJson.parse(line);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "line " + number + " of " + file + " is not an audit entry: " + e.getMessage(), e);
        }
        entries.accept(entry);
      }
    }
  }

  private static BufferedReader reader(Path file) throws IOException {
    // InputStreamReader replaces malformed input instead of throwing, unlike
    // Files.newBufferedReader.
    return new BufferedReader(
        new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
  }
}

package dev.kintsugi.server.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file of the journal, named by the sequence number of its first record. The appender publishes
 * {@link #end} after each complete write, so a reader never sees half a record.
 */
final class Segment {
  /** The first bytes of every segment file. */
  static final byte[] MAGIC = "KINTSUGI JOURNAL 1\n".getBytes(StandardCharsets.US_ASCII);

  private static final String SUFFIX = ".journal";

  final long firstSeq;
  final Path path;

  /** Bytes of complete records, header included. */
  volatile long end;

  /** No more records will be appended (a newer segment exists). */
  volatile boolean sealed;

  /** When this process created or found the file: its age decides when it rolls. */
  final long bornNanos = System.nanoTime();

  Segment(long firstSeq, Path path, long end) {
    this.firstSeq = firstSeq;
    this.path = path;
    this.end = end;
  }

  static Path file(Path dir, long firstSeq) {
    return dir.resolve(String.format("%020d%s", firstSeq, SUFFIX));
  }

  /** The first sequence number named by a segment file, empty for any other file. */
  static Optional<Long> firstSeqOf(Path file) {
    String name = file.getFileName().toString();
    if (name.length() != 20 + SUFFIX.length() || !name.endsWith(SUFFIX)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(name.substring(0, 20)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

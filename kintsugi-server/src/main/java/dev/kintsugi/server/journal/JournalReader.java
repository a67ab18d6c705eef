package dev.kintsugi.server.journal;

import dev.kintsugi.server.store.NewEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a journal lane's records in order, from a given position on, following the appender: it
 * only reads up to each segment's published end. Used by one thread (the applier).
 */
final class JournalReader implements AutoCloseable {

  /** One record read back. */
  record Entry(JournalLane lane, long seq, NewEvent event, int bytes) {}

  private final JournalLane lane;
  private Segment segment;
  private SegmentScanner scanner;
  private long lastSeq;
  private Segment reportedDamage;

  /** Positions after record {@code appliedSeq} (before the first record if it is older). */
  JournalReader(JournalLane lane, long appliedSeq) throws IOException {
    this.lane = lane;
    List<Segment> segments = lane.segments();
    int index = 0;
    while (index + 1 < segments.size() && segments.get(index + 1).firstSeq <= appliedSeq + 1) {
      index++;
    }
    open(segments.get(index));
    lastSeq = segment.firstSeq - 1;
    // Skip what the database already holds.
    while (lastSeq < appliedSeq && scanner.next(segment.end)) {
      lastSeq = scanner.seq();
    }
  }

  /** Bytes from the position to the journal's end (at construction: the backlog). */
  long remainingBytes() {
    long bytes = segment.end - scanner.offset();
    for (Segment s : lane.segments()) {
      if (s.firstSeq > segment.firstSeq) {
        bytes += s.end - Segment.MAGIC.length;
      }
    }
    return bytes;
  }

  /**
   * Up to {@code max} records after the last one read; empty when the reader is at the journal's
   * end. A damaged record (possible only if the disk changed the file) ends its segment: what
   * follows in that segment is skipped and reported to {@code log}.
   */
  List<Entry> next(int max, Consumer<String> log) throws IOException {
    List<Entry> out = new ArrayList<>();
    while (out.size() < max) {
      if (scanner.next(segment.end)) {
        lastSeq = scanner.seq();
        out.add(new Entry(lane, lastSeq, scanner.event(), scanner.length()));
        continue;
      }
      if (scanner.damaged()) {
        if (reportedDamage != segment) {
          reportedDamage = segment;
          log.accept(
              "ingest journal segment "
                  + segment.path
                  + " is damaged at byte "
                  + scanner.offset()
                  + "; its "
                  + (segment.end - scanner.offset())
                  + " bytes from there cannot be read and are skipped");
        }
      } else if (!segment.sealed) {
        break;
      } else if (scanner.offset() < segment.end) {
        continue; // sealed while reading: the rest is published now
      }
      Segment following = following();
      if (following == null) {
        break;
      }
      scanner.close();
      open(following);
    }
    return out;
  }

  JournalLane lane() {
    return lane;
  }

  /** The sequence number of the last record read. */
  long lastSeq() {
    return lastSeq;
  }

  /** The segment after the current one (which may already be deleted once fully applied). */
  private Segment following() {
    for (Segment s : lane.segments()) {
      if (s.firstSeq > segment.firstSeq) {
        return s;
      }
    }
    return null;
  }

  private void open(Segment s) throws IOException {
    segment = s;
    scanner = new SegmentScanner(s.path, Segment.MAGIC.length);
  }

  @Override
  public void close() throws IOException {
    scanner.close();
  }
}

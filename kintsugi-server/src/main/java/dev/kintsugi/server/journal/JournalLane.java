package dev.kintsugi.server.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * One lane of the {@link IngestJournal}: a directory of segment files written by one thread at a
 * time (under {@link #lock}), records numbered from 1 without gaps. Several lanes let concurrent
 * requests append without waiting for each other's writes; each lane alone has the simple
 * single-writer layout, so a crash can only cut its last record short.
 */
final class JournalLane {

  final int index;
  private final Path dir;
  private final boolean fsync;
  private final long segmentBytes;
  private final long segmentNanos;
  private final Consumer<String> log;

  /** Held while appending; {@link IngestJournal} tries the lanes with {@code tryLock}. */
  final ReentrantLock lock = new ReentrantLock();

  /** Segments in order; the last one is appended to. Read by the applier's thread too. */
  private final List<Segment> segments = new CopyOnWriteArrayList<>();

  private final Object syncLock = new Object();
  private final CRC32C crc = new CRC32C(); // under lock
  private FileChannel active; // under lock

  /** The segment appended to; not read from {@link #segments}, which the applier trims. */
  private Segment current; // under lock

  private long nextSeq; // under lock
  private IOException failure; // under lock
  private boolean closed; // under lock

  private volatile long lastSeq;
  private volatile long syncedSeq;

  private JournalLane(
      int index,
      Path dir,
      boolean fsync,
      long segmentBytes,
      Duration segmentAge,
      Consumer<String> log) {
    this.index = index;
    this.dir = dir;
    this.fsync = fsync;
    this.segmentBytes = segmentBytes;
    this.segmentNanos = segmentAge.toNanos();
    this.log = log;
  }

  /**
   * Opens (creating if needed) the lane in {@code dir}, truncating a torn last record.
   *
   * @param segmentAge age after which a segment with records rolls, so that applied records leave
   *     the disk within about that time (see {@link #rollIfApplied})
   */
  static JournalLane open(
      int index,
      Path dir,
      boolean fsync,
      long segmentBytes,
      Duration segmentAge,
      Consumer<String> log)
      throws IOException {
    Posix.directory(dir);
    JournalLane lane = new JournalLane(index, dir, fsync, segmentBytes, segmentAge, log);
    lane.recover();
    return lane;
  }

  /** The sequence number of the last appended record (0 when none ever was). */
  long lastSeq() {
    return lastSeq;
  }

  /**
   * Appends encoded records with one write; the caller holds {@link #lock}.
   *
   * @return the sequence number of the last record
   */
  long appendLocked(byte[][] records, long bytes) throws IOException {
    if (closed) {
      throw new IOException("ingest journal is closed");
    }
    if (failure != null) {
      throw new IOException("ingest journal unavailable: " + failure.getMessage(), failure);
    }
    Segment segment = current;
    if (segment.end > Segment.MAGIC.length
        && (segment.end + bytes > segmentBytes || old(segment, System.nanoTime()))) {
      segment = roll(segment);
    }
    ByteBuffer[] buffers = new ByteBuffer[records.length];
    for (int i = 0; i < records.length; i++) {
      RecordCodec.seal(records[i], nextSeq + i, crc);
      buffers[i] = ByteBuffer.wrap(records[i]);
    }
    writeAll(segment, buffers, bytes);
    nextSeq += records.length;
    segment.end += bytes;
    lastSeq = nextSeq - 1;
    return lastSeq;
  }

  /** Writes whole records at the segment's end, or truncates back and fails the journal. */
  private void writeAll(Segment segment, ByteBuffer[] buffers, long bytes) throws IOException {
    long at = segment.end;
    try {
      active.position(at);
      long written = 0;
      while (written < bytes) {
        written += active.write(buffers);
      }
    } catch (IOException e) {
      try {
        active.truncate(at);
      } catch (IOException again) {
        failure = e; // the file may hold part of a record: refuse until restarted
      }
      throw e;
    }
  }

  /** Forces records up to {@code seq} to the disk; concurrent callers share one flush. */
  void sync(long seq) throws IOException {
    if (syncedSeq >= seq) {
      return;
    }
    synchronized (syncLock) {
      if (syncedSeq >= seq) {
        return;
      }
      long target;
      FileChannel channel;
      lock.lock();
      try {
        target = lastSeq;
        channel = active;
      } finally {
        lock.unlock();
      }
      try {
        channel.force(false);
      } catch (java.nio.channels.ClosedChannelException e) {
        // Rolled meanwhile: the roll forced the old segment and advanced syncedSeq.
        if (syncedSeq < seq) {
          throw e;
        }
        return;
      }
      syncedSeq = target;
    }
  }

  private boolean old(Segment segment, long now) {
    return now - segment.bornNanos >= segmentNanos;
  }

  /**
   * Rolls the segment being appended to when it holds records, all of them applied ({@code
   * appliedSeq} is the last record), and it is older than the segment age; then deletes what is
   * applied. So an idle lane does not keep applied events on disk until its segment fills. Skips
   * (until the next call) while an append holds the lane.
   */
  void rollIfApplied(long appliedSeq) {
    if (!lock.tryLock()) {
      return;
    }
    try {
      Segment segment = current;
      if (closed
          || failure != null
          || lastSeq != appliedSeq
          || segment.end <= Segment.MAGIC.length
          || !old(segment, System.nanoTime())) {
        return;
      }
      roll(segment);
    } catch (IOException e) {
      log.accept("cannot roll applied journal segment " + current.path + ": " + e.getMessage());
      return;
    } finally {
      lock.unlock();
    }
    applied(appliedSeq);
  }

  private Segment roll(Segment full) throws IOException {
    if (fsync) {
      active.force(false);
    }
    active.close();
    full.sealed = true;
    if (fsync) {
      syncedSeq = lastSeq; // every record so far is in the segment just forced
    }
    return startSegment(nextSeq);
  }

  /**
   * Creates the segment whose first record is {@code firstSeq} and appends to it from now on. With
   * fsync its header and directory entry are forced too, so after a power loss the file still reads
   * as a segment.
   */
  private Segment startSegment(long firstSeq) throws IOException {
    Segment segment = new Segment(firstSeq, Segment.file(dir, firstSeq), Segment.MAGIC.length);
    active =
        FileChannel.open(
            segment.path,
            Set.of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE),
            Posix.file());
    active.write(ByteBuffer.wrap(Segment.MAGIC), 0);
    if (fsync) {
      active.force(true);
      forceDirectory();
    }
    segments.add(segment);
    current = segment;
    return segment;
  }

  private void forceDirectory() {
    // Makes a new segment's directory entry durable; not every platform can open a directory.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // best effort
    }
  }

  /** A reader of the records after {@code appliedSeq}. */
  JournalReader reader(long appliedSeq) throws IOException {
    Segment first = segments.get(0);
    if (appliedSeq + 1 < first.firstSeq && lastSeq >= first.firstSeq) {
      log.accept(
          "ingest journal "
              + dir
              + " starts at record "
              + first.firstSeq
              + " but the database has applied only up to "
              + appliedSeq
              + "; records in between were removed from the journal and cannot be applied");
    }
    return new JournalReader(this, appliedSeq);
  }

  List<Segment> segments() {
    return segments;
  }

  /** Deletes the segments that hold nothing after {@code seq} (the database has them). */
  void applied(long seq) {
    while (segments.size() > 1 && segments.get(1).firstSeq <= seq + 1) {
      Segment done = segments.remove(0);
      try {
        Files.deleteIfExists(done.path);
      } catch (IOException e) {
        log.accept("cannot delete applied journal segment " + done.path + ": " + e.getMessage());
      }
    }
  }

  void close() throws IOException {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (fsync) {
        active.force(false);
      }
      active.close();
    } finally {
      lock.unlock();
    }
  }

  /** Finds the segments, truncates a torn tail, and opens the last segment for appending. */
  private void recover() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> Segment.firstSeqOf(p).isPresent())
              .sorted((a, b) -> Long.compare(first(a), first(b)))
              .toList();
    }
    if (files.isEmpty()) {
      startSegment(1);
      nextSeq = 1;
      lastSeq = 0;
      return;
    }
    for (Path file : files) {
      checkMagic(file);
      Segment segment = new Segment(first(file), file, Files.size(file));
      segment.sealed = true;
      segments.add(segment);
    }
    Segment last = segments.get(segments.size() - 1);
    last.sealed = false;
    current = last;
    long seq = last.firstSeq - 1;
    long end;
    String damage;
    try (SegmentScanner scan = new SegmentScanner(last.path, Segment.MAGIC.length)) {
      while (scan.next(last.end)) {
        if (scan.seq() != seq + 1) {
          throw new IOException(
              "ingest journal segment "
                  + last.path
                  + " holds record "
                  + scan.seq()
                  + " where "
                  + (seq + 1)
                  + " was expected");
        }
        seq = scan.seq();
      }
      end = scan.offset();
      damage = scan.damaged() ? scan.damage() : SegmentScanner.CUT_SHORT;
    }
    active = FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    if (end < last.end) {
      log.accept(
          "ingest journal: dropped the last "
              + (last.end - end)
              + " bytes of "
              + last.path
              + ", "
              + damage
              + (damage.equals(SegmentScanner.CUT_SHORT)
                  ? " (being written when the server stopped, so never acknowledged)"
                  : " (the file changed on disk; whatever it held is lost)"));
      active.truncate(end);
      last.end = end;
    }
    nextSeq = seq + 1;
    lastSeq = seq;
    syncedSeq = seq;
  }

  private static long first(Path file) {
    return Segment.firstSeqOf(file).orElseThrow();
  }

  private static void checkMagic(Path file) throws IOException {
    byte[] head = new byte[Segment.MAGIC.length];
    int n;
    try (var in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n != head.length || !java.util.Arrays.equals(head, Segment.MAGIC)) {
      throw new IOException("not a Kintsugi ingest journal segment: " + file);
    }
  }
}

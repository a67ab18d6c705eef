package dev.kintsugi.server.journal;

import dev.kintsugi.server.store.NewEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The ingest journal: append-only logs of accepted events in a directory of its own. Ingest
 * acknowledges an event once {@link #append} returned: the record is then in the operating system's
 * file cache (it survives the server's {@code kill -9}) and, with {@code fsync}, on the disk (it
 * survives a power loss). A {@link JournalApplier} applies records to the database in large
 * transactions that also record how far it got, and resumes from there after a restart.
 *
 * <p>The journal has several lanes ({@code lane-N/}), each a numbered sequence of records in
 * segment files that roll at a size limit and are deleted once applied. A request appends to the
 * first free lane, so concurrent requests do not queue behind each other's writes (one lane
 * measured several times the CPU per event under 32 connections on 2 cores, in lock hand-offs).
 * Order across lanes is not kept; events carry their own receive time. One server at a time: the
 * directory is locked.
 */
public final class IngestJournal implements AutoCloseable {

  /** Lanes of a new journal: more than the cores of a small server, so a free one is at hand. */
  public static final int DEFAULT_LANES = 4;

  /**
   * Age at which a segment holding records rolls, so applied events leave the disk within about
   * this time (plus the applier's idle tick) rather than when a segment fills.
   */
  public static final Duration DEFAULT_SEGMENT_AGE = Duration.ofSeconds(2);

  /** Backlog at which flow control starts: about 3,000 typical events, a fraction of a second. */
  private static final long FLOW_BYTES = 8L * 1024 * 1024;

  private final Path dir;
  private final String id;
  private final boolean fsync;
  private final long maxBacklogBytes;
  private final FileChannel lockFile;
  private final FileLock lock;
  private final List<JournalLane> lanes;

  /** Bytes appended and not yet applied; bounds the backlog. */
  private final AtomicLong backlogBytes = new AtomicLong();

  /**
   * Backlog above which appends first wait (up to {@link #FLOW_WAIT_MILLIS}) for the applier: under
   * sustained load, clients are slowed to the rate the database takes instead of being refused.
   */
  private final long flowBytes;

  private final Object drained = new Object();
  private volatile int drainWaiters;

  /** How long an append waits for the backlog to shrink before it is refused (if still full). */
  static final long FLOW_WAIT_MILLIS = 2_000;

  private final Object bell = new Object();
  private volatile boolean waiting;
  private volatile boolean closed;

  private IngestJournal(
      Path dir,
      String id,
      boolean fsync,
      long maxBacklogBytes,
      FileChannel lockFile,
      FileLock lock,
      List<JournalLane> lanes) {
    this.dir = dir;
    this.id = id;
    this.fsync = fsync;
    this.maxBacklogBytes = maxBacklogBytes;
    this.flowBytes = Math.max(1, Math.min(maxBacklogBytes / 4, FLOW_BYTES));
    this.lockFile = lockFile;
    this.lock = lock;
    this.lanes = lanes;
  }

  /**
   * Opens (creating if needed) the journal in {@code dir} with {@link #DEFAULT_LANES} lanes and
   * locks it.
   *
   * @see #open(Path, int, boolean, long, long, Consumer)
   */
  public static IngestJournal open(
      Path dir, boolean fsync, long maxBacklogBytes, long segmentBytes, Consumer<String> log)
      throws IOException {
    return open(dir, DEFAULT_LANES, fsync, maxBacklogBytes, segmentBytes, log);
  }

  /**
   * Opens the journal with {@link #DEFAULT_SEGMENT_AGE}.
   *
   * @see #open(Path, int, boolean, long, long, Duration, Consumer)
   */
  public static IngestJournal open(
      Path dir,
      int lanes,
      boolean fsync,
      long maxBacklogBytes,
      long segmentBytes,
      Consumer<String> log)
      throws IOException {
    return open(dir, lanes, fsync, maxBacklogBytes, segmentBytes, DEFAULT_SEGMENT_AGE, log);
  }

  /**
   * Opens (creating if needed) the journal in {@code dir} and locks it.
   *
   * @param lanes lanes of a new journal; a journal that already has more keeps (and uses) them all
   * @param fsync whether {@link #append} also forces records to the disk (group commit per lane)
   * @param maxBacklogBytes appended but unapplied bytes above which {@link #append} refuses
   * @param segmentBytes size at which a lane starts a new segment file
   * @param segmentAge age at which a lane starts a new segment file (once it holds records), so
   *     fully applied segments are deleted within about this time
   * @param log where damage found at open is reported
   * @throws IOException when the directory cannot be used, is locked by another server, or holds a
   *     file that is not a journal segment under a segment's name
   */
  public static IngestJournal open(
      Path dir,
      int lanes,
      boolean fsync,
      long maxBacklogBytes,
      long segmentBytes,
      Duration segmentAge,
      Consumer<String> log)
      throws IOException {
    if (lanes < 1 || maxBacklogBytes < 1 || segmentBytes < 1 || segmentAge.isNegative()) {
      throw new IllegalArgumentException("journal lanes and limits must be positive");
    }
    Posix.directory(dir);
    FileChannel lockFile =
        FileChannel.open(
            dir.resolve("lock"),
            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
            Posix.file());
    FileLock lock;
    try {
      lock = lockFile.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      lockFile.close();
      throw new IOException(
          "ingest journal "
              + dir
              + " is in use by another Kintsugi server; give each server its own (--journal DIR)");
    }
    List<JournalLane> opened = new ArrayList<>();
    try {
      String id = readOrCreateId(dir);
      int count = Math.max(lanes, existingLanes(dir));
      for (int i = 0; i < count; i++) {
        opened.add(
            JournalLane.open(i, dir.resolve("lane-" + i), fsync, segmentBytes, segmentAge, log));
      }
      return new IngestJournal(
          dir, id, fsync, maxBacklogBytes, lockFile, lock, List.copyOf(opened));
    } catch (IOException | RuntimeException e) {
      for (JournalLane lane : opened) {
        try {
          lane.close();
        } catch (IOException ignored) {
          // already failing
        }
      }
      lock.release();
      lockFile.close();
      throw e;
    }
  }

  /** This journal's identity; the database records each lane's applied position under it. */
  public String id() {
    return id;
  }

  /** Where the journal lives. */
  public Path dir() {
    return dir;
  }

  /** Bytes appended but not yet applied to the database. */
  public long backlogBytes() {
    return backlogBytes.get();
  }

  /** Each lane's last appended sequence number: what a reader waits for to see all acknowledged. */
  public long[] lastSeqs() {
    long[] seqs = new long[lanes.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = lanes.get(i).lastSeq();
    }
    return seqs;
  }

  /**
   * Appends the events of one request, in order, to one lane with one write (and, with {@code
   * fsync}, one disk flush shared with concurrent appends to that lane); returns once they are
   * durable.
   *
   * @throws Overloaded when the unapplied backlog is full: answer 429, nothing was written
   * @throws IOException when the journal cannot be written: nothing was written
   */
  public void append(List<NewEvent> events) throws Overloaded, IOException {
    if (events.isEmpty()) {
      return;
    }
    byte[][] records = new byte[events.size()][];
    long bytes = 0;
    for (int i = 0; i < records.length; i++) {
      records[i] = RecordCodec.encode(events.get(i));
      bytes += records[i].length;
    }
    if (backlogBytes.get() > flowBytes) {
      awaitDrained();
    }
    long backlog = backlogBytes.get();
    if (backlog > 0 && backlog + bytes > maxBacklogBytes) {
      throw new Overloaded(
          "ingest journal holds "
              + backlog
              + " bytes not yet in the database, at its quota of "
              + maxBacklogBytes
              + " bytes");
    }
    if (closed) {
      throw new IOException("ingest journal is closed");
    }
    JournalLane lane = lockFreeLane();
    long last;
    try {
      last = lane.appendLocked(records, bytes);
      backlogBytes.addAndGet(bytes);
    } finally {
      lane.lock.unlock();
    }
    if (waiting) {
      synchronized (bell) {
        bell.notifyAll();
      }
    }
    if (fsync) {
      lane.sync(last);
    }
  }

  /** Waits (bounded) until the applier brought the backlog under the flow-control mark. */
  private void awaitDrained() throws IOException {
    long deadline = System.nanoTime() + FLOW_WAIT_MILLIS * 1_000_000;
    synchronized (drained) {
      drainWaiters++;
      try {
        while (backlogBytes.get() > flowBytes && !closed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          drained.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for the ingest backlog", e);
      } finally {
        drainWaiters--;
      }
    }
  }

  /** Locks and returns a free lane, starting from one picked by the thread; waits if none is. */
  private JournalLane lockFreeLane() {
    int n = lanes.size();
    int start = (int) (Thread.currentThread().getId() % n);
    for (int i = 0; i < n; i++) {
      JournalLane lane = lanes.get((start + i) % n);
      if (lane.lock.tryLock()) {
        return lane;
      }
    }
    JournalLane lane = lanes.get(start);
    lane.lock.lock();
    return lane;
  }

  /**
   * Waits until a lane holds a record after {@code seqs}, the journal closes, or the time passes.
   * One waiter at a time (the applier).
   */
  void awaitAppendedAfter(long[] seqs, long millis) throws InterruptedException {
    synchronized (bell) {
      waiting = true;
      try {
        if (!appendedAfter(seqs) && !closed) {
          bell.wait(millis);
        }
      } finally {
        waiting = false;
      }
    }
  }

  private boolean appendedAfter(long[] seqs) {
    for (int i = 0; i < seqs.length; i++) {
      if (lanes.get(i).lastSeq() > seqs[i]) {
        return true;
      }
    }
    return false;
  }

  List<JournalLane> lanes() {
    return lanes;
  }

  /** Sets the unapplied backlog (once the applier has found where the database stands). */
  void backlog(long bytes) {
    backlogBytes.set(bytes);
  }

  /**
   * Records that the database holds every record of {@code lane} up to {@code seq}: releases {@code
   * bytes} of backlog and deletes segments that hold nothing newer.
   */
  void applied(JournalLane lane, long seq, long bytes) {
    long left = backlogBytes.addAndGet(-bytes);
    lane.applied(seq);
    if (drainWaiters > 0 && left <= flowBytes) {
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  /**
   * Rolls and deletes the segments whose every record is applied ({@code appliedSeqs}, per lane)
   * once they are older than the segment age; the applier calls it regularly.
   */
  void rollApplied(long[] appliedSeqs) {
    for (int i = 0; i < appliedSeqs.length; i++) {
      lanes.get(i).rollIfApplied(appliedSeqs[i]);
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      for (JournalLane lane : lanes) {
        lane.close();
      }
    } finally {
      lock.release();
      lockFile.close();
      synchronized (bell) {
        bell.notifyAll();
      }
      synchronized (drained) {
        drained.notifyAll();
      }
    }
  }

  private static int existingLanes(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString())
          .filter(name -> name.matches("lane-\\d{1,3}"))
          .mapToInt(name -> Integer.parseInt(name.substring(5)) + 1)
          .max()
          .orElse(0);
    }
  }

  private static String readOrCreateId(Path dir) throws IOException {
    Path file = dir.resolve("id");
    if (Files.exists(file)) {
      String existing = Files.readString(file, StandardCharsets.US_ASCII).trim();
      if (!existing.matches("[0-9a-f-]{36}")) {
        throw new IOException("ingest journal id file " + file + " is damaged");
      }
      return existing;
    }
    String id = UUID.randomUUID().toString();
    Path tmp = dir.resolve("id.tmp");
    Files.deleteIfExists(tmp);
    try (FileChannel c =
        FileChannel.open(
            tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), Posix.file())) {
      c.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.US_ASCII)));
      c.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    return id;
  }
}

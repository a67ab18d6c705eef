package dev.kintsugi.server.journal;

import dev.kintsugi.server.store.EventWriter;
import dev.kintsugi.server.store.JournalPosition;
import dev.kintsugi.server.store.NewEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Applies the ingest journal to the database on a thread of its own: reads the records after the
 * database's applied position and writes them in batches, each batch and its new position in one
 * transaction. After a commit it waits up to a linger time for more records, so under load commits
 * carry hundreds of events.
 *
 * <p>When a batch fails, its events are written one per transaction to find the ones the database
 * refuses. An event refused while the database takes other writes is set aside as a file under
 * {@code rejected/} in the journal (with the reason in the log) so it cannot block the rest; while
 * the database refuses everything, the applier retries with backoff and the journal keeps accepting
 * events up to its backlog limit.
 */
public final class JournalApplier implements AutoCloseable {

  private static final long MAX_BACKOFF_MILLIS = 5_000;

  /** How often applied segments are looked at for rolling (a few file checks, no I/O). */
  private static final long ROLL_CHECK_NANOS = 100_000_000;

  private final IngestJournal journal;
  private final EventWriter writer;
  private final int maxBatchEvents;
  private final long lingerNanos;
  private final Consumer<String> log;
  private final Thread thread;
  private final Object appliedSignal = new Object();
  private final Object stopSignal = new Object();

  private final List<JournalReader> readers;

  /** Each lane's last record in the database; replaced whole (copy on write). */
  private volatile long[] appliedSeqs;

  private int nextLane;
  private volatile boolean running = true;
  private volatile Throwable stopped;
  private long backoffMillis;

  private JournalApplier(
      IngestJournal journal,
      EventWriter writer,
      int maxBatchEvents,
      Duration linger,
      Consumer<String> log,
      List<JournalReader> readers,
      long[] appliedSeqs) {
    this.journal = journal;
    this.writer = writer;
    this.maxBatchEvents = maxBatchEvents;
    this.lingerNanos = linger.toNanos();
    this.log = log;
    this.readers = readers;
    this.appliedSeqs = appliedSeqs;
    this.thread = new Thread(this::run, "kintsugi-journal-applier");
    this.thread.setDaemon(true);
  }

  /**
   * Finds the database's position in {@code journal} and starts applying from there (first the
   * records a previous run left, then new ones as they arrive).
   *
   * @param maxBatchEvents events per transaction at most
   * @param linger how long to wait after a commit for more records before the next one
   * @throws SQLException when the position cannot be read
   * @throws IOException when the journal cannot be read
   */
  public static JournalApplier start(
      IngestJournal journal,
      EventWriter writer,
      int maxBatchEvents,
      Duration linger,
      Consumer<String> log)
      throws SQLException, IOException {
    if (maxBatchEvents < 1) {
      throw new IllegalArgumentException("maxBatchEvents must be positive, was " + maxBatchEvents);
    }
    List<JournalReader> readers = new ArrayList<>();
    long[] applied = new long[journal.lanes().size()];
    long backlogBytes = 0;
    long waiting = 0;
    for (JournalLane lane : journal.lanes()) {
      JournalReader reader = lane.reader(writer.appliedSeq(laneId(journal, lane)));
      readers.add(reader);
      applied[lane.index] = reader.lastSeq();
      backlogBytes += reader.remainingBytes();
      waiting += lane.lastSeq() - reader.lastSeq();
    }
    journal.backlog(backlogBytes);
    if (waiting > 0) {
      log.accept("ingest journal: applying " + waiting + " events left by the previous run");
    }
    JournalApplier applier =
        new JournalApplier(
            journal, writer, maxBatchEvents, linger, log, List.copyOf(readers), applied);
    applier.thread.start();
    return applier;
  }

  /** Why the applier stopped on its own (it then leaves events in the journal). */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(stopped);
  }

  /** Events appended and not yet in the database. */
  public long backlog() {
    long[] last = journal.lastSeqs();
    long[] applied = appliedSeqs;
    long sum = 0;
    for (int i = 0; i < last.length; i++) {
      sum += Math.max(0, last[i] - applied[i]);
    }
    return sum;
  }

  /**
   * Waits until every record up to {@code seqs} (per lane, as {@link IngestJournal#lastSeqs}) is in
   * the database.
   *
   * @return false if the time passed first
   */
  public boolean awaitApplied(long[] seqs, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (appliedSignal) {
      while (!reached(seqs)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !thread.isAlive()) {
          return reached(seqs);
        }
        TimeUnit.NANOSECONDS.timedWait(appliedSignal, left);
      }
    }
    return true;
  }

  /** Waits until every event acknowledged so far is in the database. */
  public boolean awaitAllApplied(Duration timeout) throws InterruptedException {
    return awaitApplied(journal.lastSeqs(), timeout);
  }

  private boolean reached(long[] seqs) {
    long[] applied = appliedSeqs;
    for (int i = 0; i < seqs.length; i++) {
      if (applied[i] < seqs[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Applies what the journal holds (for at most {@code drain}) and stops. Records not applied by
   * then stay in the journal for the next start. Call after ingest has stopped appending.
   */
  public void close(Duration drain) {
    running = false;
    synchronized (appliedSignal) {
      appliedSignal.notifyAll();
    }
    synchronized (stopSignal) {
      stopSignal.notifyAll();
    }
    try {
      thread.join(Math.max(1, drain.toMillis()));
      if (thread.isAlive()) {
        log.accept(
            "ingest journal: stopped with "
                + backlog()
                + " events not yet in the database; they are applied at the next start");
        thread.interrupt();
        thread.join(5_000);
      }
      for (JournalReader reader : readers) {
        reader.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      log.accept("ingest journal: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  private void run() {
    long rolledAt = System.nanoTime();
    try {
      while (true) {
        if (System.nanoTime() - rolledAt >= ROLL_CHECK_NANOS) {
          // Also under load: a lane that went quiet keeps no applied segment past its age.
          journal.rollApplied(appliedSeqs);
          rolledAt = System.nanoTime();
        }
        List<JournalReader.Entry> batch = nextBatch();
        if (batch.isEmpty()) {
          if (!running) {
            return;
          }
          journal.awaitAppendedAfter(readSeqs(), 100);
          continue;
        }
        apply(batch);
        if (batch.size() < maxBatchEvents && lingerNanos > 0) {
          linger();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      stopped = e;
      log.accept(
          "ingest journal: the applier stopped: "
              + e
              + "; events stay in the journal and are applied at the next start");
    }
  }

  /** Fewer, larger commits (a commit's cost is mostly fixed): waits unless closing. */
  private void linger() throws InterruptedException {
    synchronized (stopSignal) {
      if (running) {
        TimeUnit.NANOSECONDS.timedWait(stopSignal, lingerNanos);
      }
    }
  }

  /** Up to {@code maxBatchEvents} records, taken from the lanes in turn. */
  private List<JournalReader.Entry> nextBatch() throws IOException {
    List<JournalReader.Entry> batch = new ArrayList<>();
    int n = readers.size();
    for (int i = 0; i < n && batch.size() < maxBatchEvents; i++) {
      JournalReader reader = readers.get((nextLane + i) % n);
      batch.addAll(reader.next(maxBatchEvents - batch.size(), log));
    }
    nextLane = (nextLane + 1) % n;
    return batch;
  }

  private long[] readSeqs() {
    long[] seqs = new long[readers.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = readers.get(i).lastSeq();
    }
    return seqs;
  }

  /** Writes a batch, or its events one by one when the batch fails. */
  private void apply(List<JournalReader.Entry> batch) throws InterruptedException {
    try {
      write(batch);
      return;
    } catch (SQLException | RuntimeException e) {
      if (batch.size() == 1) {
        applyAlone(batch.get(0), e);
        return;
      }
    }
    for (JournalReader.Entry entry : batch) {
      try {
        write(List.of(entry));
      } catch (SQLException | RuntimeException e) {
        applyAlone(entry, e);
      }
    }
  }

  /**
   * One event the database refused: retried while the database refuses every write, set aside when
   * the database takes other writes. Returns once it is applied or set aside (or on stop).
   */
  private void applyAlone(JournalReader.Entry entry, Exception failure)
      throws InterruptedException {
    Exception last = failure;
    while (true) {
      if (writer.databaseWritable()) {
        setAside(entry, last);
        return;
      }
      backoffMillis = backoffMillis == 0 ? 100 : Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
      if (backoffMillis == 100) {
        log.accept(
            "ingest journal: the database takes no writes ("
                + last.getMessage()
                + "); events wait in the journal and are retried");
      }
      if (!running) {
        throw new InterruptedException("stopped while the database is unavailable");
      }
      Thread.sleep(backoffMillis);
      try {
        write(List.of(entry));
        log.accept("ingest journal: the database takes writes again");
        backoffMillis = 0;
        return;
      } catch (SQLException | RuntimeException e) {
        last = e;
      }
    }
  }

  /** Keeps a refused event's scrubbed payload under {@code rejected/} and moves past it. */
  private void setAside(JournalReader.Entry entry, Exception reason) throws InterruptedException {
    NewEvent event = entry.event();
    Path file =
        journal
            .dir()
            .resolve("rejected")
            .resolve(
                "lane-" + entry.lane().index + "-" + entry.seq() + "-" + event.eventId() + ".json");
    try {
      Posix.directory(file.getParent());
      Files.deleteIfExists(file);
      Files.createFile(file, Posix.file());
      Files.write(file, event.payload());
    } catch (IOException e) {
      file = null;
    }
    log.accept(
        "ingest journal: the database refused event "
            + event.eventId()
            + " of project "
            + event.projectId()
            + " ("
            + reason.getMessage()
            + "); "
            + (file == null ? "it could not be kept" : "kept as " + file));
    while (true) {
      try {
        write(List.of(entry), List.of());
        return;
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          throw new InterruptedException("stopped while the database is unavailable");
        }
        Thread.sleep(MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** Writes records and their lanes' new positions in one transaction. */
  private void write(List<JournalReader.Entry> entries) throws SQLException {
    write(entries, entries.stream().map(JournalReader.Entry::event).toList());
  }

  /**
   * Writes {@code events} and moves each lane past its last record in {@code entries}, in one
   * transaction (no events: only the positions move, past a record set aside).
   */
  private void write(List<JournalReader.Entry> entries, List<NewEvent> events) throws SQLException {
    int lanes = journal.lanes().size();
    long[] last = new long[lanes];
    long[] bytes = new long[lanes];
    for (JournalReader.Entry e : entries) {
      int lane = e.lane().index;
      last[lane] = Math.max(last[lane], e.seq());
      bytes[lane] += e.bytes();
    }
    List<JournalPosition> positions = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      if (last[i] > 0) {
        positions.add(new JournalPosition(laneId(journal, journal.lanes().get(i)), last[i]));
      }
    }
    writer.write(events, positions);
    synchronized (appliedSignal) {
      long[] applied = appliedSeqs.clone();
      for (int i = 0; i < lanes; i++) {
        if (last[i] > 0) {
          journal.applied(journal.lanes().get(i), last[i], bytes[i]);
          applied[i] = last[i];
        }
      }
      appliedSeqs = applied;
      appliedSignal.notifyAll();
    }
  }

  /** The key of a lane's position in the database. */
  private static String laneId(IngestJournal journal, JournalLane lane) {
    return journal.id() + "/" + lane.index;
  }
}

package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Writes events with group commit: request threads {@link #submit} events into a bounded queue; one
 * writer thread takes everything pending, writes it in a single transaction (incident upserts, tag
 * inserts, event inserts) and completes each request's future only after the commit. So an
 * acknowledged event is durable, and throughput comes from amortising one commit over many events.
 * When the queue is full, {@link #submit} fails fast with {@link Overloaded}.
 */
public final class EventWriter implements AutoCloseable {

  /** Told about each committed batch (for metrics). */
  public interface Listener {
    void committed(int events, long nanos);

    Listener NONE = (events, nanos) -> {};
  }

  private record Pending(List<NewEvent> events, CompletableFuture<Void> done) {}

  private record Key(long projectId, String fingerprint) {}

  private static final int CACHE_LIMIT = 100_000;

  /** How long the writer waits for more requests before committing a batch under load. */
  private static final long LINGER_NANOS =
      TimeUnit.MICROSECONDS.toNanos(Long.getLong("kintsugi.writer.lingerMicros", 1000));

  /** Requests in the last committed batch (writer thread only). */
  private int lastBatchRequests;

  private final Database db;
  private final BlockingQueue<Pending> queue;
  private final int maxBatchEvents;
  private final Listener listener;
  private final Thread thread;

  /**
   * Completes futures off the writer thread: their continuations write HTTP responses, which must
   * not delay the next commit.
   */
  private final ExecutorService completer =
      Executors.newFixedThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "kintsugi-ack");
            t.setDaemon(true);
            return t;
          });

  private volatile boolean running = true;

  /** Incident ids by key and known tags, touched only by the writer thread, after commits. */
  private final Map<Key, Long> incidentIds = lruMap();

  private final Set<String> knownTags = Collections.newSetFromMap(lruMap());

  private EventWriter(Database db, int capacity, int maxBatchEvents, Listener listener) {
    this.db = db;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.maxBatchEvents = maxBatchEvents;
    this.listener = listener;
    this.thread = new Thread(this::run, "kintsugi-event-writer");
    this.thread.setDaemon(true);
  }

  /**
   * Starts the writer thread.
   *
   * @param capacity requests that may wait for a commit before {@link #submit} refuses more
   * @param maxBatchEvents events written per transaction at most
   */
  public static EventWriter start(
      Database db, int capacity, int maxBatchEvents, Listener listener) {
    if (capacity < 1 || maxBatchEvents < 1) {
      throw new IllegalArgumentException(
          "capacity and maxBatchEvents must be positive, were " + capacity + ", " + maxBatchEvents);
    }
    EventWriter writer = new EventWriter(db, capacity, maxBatchEvents, listener);
    writer.thread.start();
    return writer;
  }

  /**
   * Queues events of one request; the future completes once they are committed (exceptionally with
   * {@link StoreException} if the database refused them).
   *
   * @throws Overloaded when the queue is full or the writer is closed
   */
  public CompletableFuture<Void> submit(List<NewEvent> events) throws Overloaded {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (events.isEmpty()) {
      done.complete(null);
      return done;
    }
    if (!running || !queue.offer(new Pending(List.copyOf(events), done))) {
      throw new Overloaded();
    }
    return done;
  }

  /** Requests waiting for a commit. */
  public int pending() {
    return queue.size();
  }

  /** Stops taking events, commits those already queued, and stops the thread. */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    completer.shutdown();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int events = first.events().size();
        // Under concurrent load (the last commit served several requests), linger briefly for a
        // fuller batch: a commit's cost is mostly fixed (H2 rewrites the touched pages), so fewer,
        // larger commits raise throughput. A lone request is committed at once.
        long deadline = lastBatchRequests > 1 ? System.nanoTime() + LINGER_NANOS : 0;
        while (events < maxBatchEvents) {
          Pending next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            if (deadline == 0 || left <= 0) {
              break;
            }
            next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
              break;
            }
          }
          batch.add(next);
          events += next.events().size();
        }
        lastBatchRequests = batch.size();
        writeOrSplit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Never let the writer die: fail this batch, keep serving.
        batch.forEach(p -> p.done().completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  /** Writes a batch; if it fails, writes its requests one by one so only the bad ones fail. */
  private void writeOrSplit(List<Pending> batch) {
    try {
      write(batch);
      List<Pending> done = List.copyOf(batch);
      completer.execute(() -> done.forEach(p -> p.done().complete(null)));
    } catch (SQLException e) {
      if (batch.size() == 1) {
        batch.get(0).done().completeExceptionally(new StoreException("write failed", e));
        return;
      }
      for (Pending p : batch) {
        try {
          write(List.of(p));
          p.done().complete(null);
        } catch (SQLException single) {
          p.done().completeExceptionally(new StoreException("write failed", single));
        }
      }
    }
  }

  private void write(List<Pending> batch) throws SQLException {
    long start = System.nanoTime();
    Map<Key, List<NewEvent>> groups = new LinkedHashMap<>();
    int count = 0;
    for (Pending p : batch) {
      for (NewEvent e : p.events()) {
        groups
            .computeIfAbsent(new Key(e.projectId(), e.fingerprint()), k -> new ArrayList<>())
            .add(e);
        count++;
      }
    }
    Map<Key, Long> newIds = new HashMap<>();
    Set<String> newTags = new HashSet<>();
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<Long, List<NewEvent>> byIncident = new HashMap<>();
        for (Map.Entry<Key, List<NewEvent>> g : groups.entrySet()) {
          Long id = incidentIds.get(g.getKey());
          if (id == null) {
            id = findOrCreateIncident(c, g.getKey(), g.getValue().get(0));
            newIds.put(g.getKey(), id);
          }
          byIncident.put(id, g.getValue());
        }
        updateIncidents(c, byIncident);
        insertTags(c, byIncident, newTags);
        insertEvents(c, byIncident);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    incidentIds.putAll(newIds);
    knownTags.addAll(newTags);
    listener.committed(count, System.nanoTime() - start);
  }

  private long findOrCreateIncident(Connection c, Key key, NewEvent first) throws SQLException {
    Optional<Long> found = findIncident(c, key);
    if (found.isPresent()) {
      return found.get();
    }
    try (PreparedStatement ps = c.prepareStatement(db.dialect().insertIncidentIfAbsent())) {
      ps.setLong(1, key.projectId());
      ps.setString(2, key.fingerprint());
      ps.setString(3, truncate(first.title(), 1000));
      ps.setString(4, truncate(first.culprit(), 1000));
      Jdbc.setInstant(ps, 5, first.receivedAt());
      Jdbc.setInstant(ps, 6, first.receivedAt());
      if (db.dialect() == Dialect.H2) {
        ps.setLong(7, key.projectId());
        ps.setString(8, key.fingerprint());
      }
      ps.executeUpdate();
    }
    return findIncident(c, key).orElseThrow(() -> new SQLException("incident vanished: " + key));
  }

  private static Optional<Long> findIncident(Connection c, Key key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM incident WHERE project_id = ? AND fingerprint = ?")) {
      ps.setLong(1, key.projectId());
      ps.setString(2, key.fingerprint());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void updateIncidents(Connection c, Map<Long, List<NewEvent>> byIncident)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE incident SET event_count = event_count + ?,"
                + " last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END,"
                + " status = CASE WHEN status = 'resolved' THEN 'regressed' ELSE status END"
                + " WHERE id = ?")) {
      // A fixed order keeps concurrent writers (several servers on PostgreSQL) deadlock-free.
      List<Long> ids = new ArrayList<>(byIncident.keySet());
      ids.sort(Comparator.naturalOrder());
      for (Long id : ids) {
        List<NewEvent> events = byIncident.get(id);
        Instant last =
            events.stream().map(NewEvent::receivedAt).max(Comparator.naturalOrder()).orElseThrow();
        ps.setLong(1, events.size());
        Jdbc.setInstant(ps, 2, last);
        Jdbc.setInstant(ps, 3, last);
        ps.setLong(4, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void insertTags(Connection c, Map<Long, List<NewEvent>> byIncident, Set<String> added)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(db.dialect().insertTagIfAbsent())) {
      int rows = 0;
      for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
        for (NewEvent event : e.getValue()) {
          rows += addTag(ps, e.getKey(), "release", event.release(), event.receivedAt(), added);
          rows +=
              addTag(ps, e.getKey(), "environment", event.environment(), event.receivedAt(), added);
        }
      }
      if (rows > 0) {
        ps.executeBatch();
      }
    }
  }

  private int addTag(
      PreparedStatement ps,
      long incidentId,
      String key,
      Optional<String> value,
      Instant at,
      Set<String> added)
      throws SQLException {
    if (value.isEmpty()) {
      return 0;
    }
    String v = truncate(value.get(), 200);
    String cacheKey = incidentId + "\u0000" + key + "\u0000" + v;
    if (knownTags.contains(cacheKey) || !added.add(cacheKey)) {
      return 0;
    }
    ps.setLong(1, incidentId);
    ps.setString(2, key);
    ps.setString(3, v);
    Jdbc.setInstant(ps, 4, at);
    if (db.dialect() == Dialect.H2) {
      ps.setLong(5, incidentId);
      ps.setString(6, key);
      ps.setString(7, v);
    }
    ps.addBatch();
    return 1;
  }

  private static void insertEvents(Connection c, Map<Long, List<NewEvent>> byIncident)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO event (event_id, project_id, incident_id, received_at, release_name,"
                + " environment, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
        for (NewEvent event : e.getValue()) {
          ps.setString(1, event.eventId());
          ps.setLong(2, event.projectId());
          ps.setLong(3, e.getKey());
          Jdbc.setInstant(ps, 4, event.receivedAt());
          Jdbc.setOptional(ps, 5, event.release().map(r -> truncate(r, 200)));
          Jdbc.setOptional(ps, 6, event.environment().map(r -> truncate(r, 200)));
          ps.setBytes(7, event.payload());
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static <K, V> Map<K, V> lruMap() {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > CACHE_LIMIT;
      }
    };
  }
}

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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes batches of events, one transaction each: incident upserts, tag inserts, event inserts and,
 * when the events come from the ingest journal, the journal position they reach, so the position
 * and the events commit together. Large batches amortise a commit's fixed cost. Used by one thread
 * at a time (the journal applier); it caches incident ids and known tags.
 *
 * <p>Events are de-duplicated by (project, {@code event_id}) against the last {@link
 * #DEDUPE_WINDOW} events stored (primed from the database before the first write, so retries across
 * a restart are caught too): a client retrying after a lost acknowledgement neither adds a row nor
 * counts twice. On H2 (embedded: one server) that window is all: a unique index on random ids cost
 * H2 half its ingest throughput (V2 dropped it). On PostgreSQL, where several servers share the
 * database and each window sees only its own events, the window is the fast path and a unique index
 * (V35) decides: events are inserted first (a plain batch; a batch that meets a stored copy is
 * written again with {@code ON CONFLICT DO NOTHING}), and only those inserted are counted into
 * their incidents (count, last seen, tags, regressions). Rows are written in one order on every
 * server (incidents by fingerprint then id, events by id, tags by key), so overlapping batches wait
 * for each other rather than deadlock, and a batch that still meets a deadlock or serialization
 * failure is retried ({@link #ATTEMPTS} attempts in all).
 *
 * <p>The audit trail gets an entry per incident opened ({@code incident.opened}) and per resolved
 * incident an event reopens ({@code incident.regressed}), appended last in the batch's transaction
 * (see {@link AuditStore}), so they commit with the incident. Not one per event: at 10,000 events/s
 * an audit row (and the trail's lock) per event would make the trail the bottleneck of ingest, and
 * the events themselves are stored anyway.
 */
public final class EventWriter {

  /** Told about each committed batch (for metrics). */
  public interface Listener {
    void committed(int events, long nanos);

    /** {@code events} were dropped as already stored. */
    default void duplicates(int events) {}

    /**
     * A transaction met a deadlock or serialization failure ({@code sqlState} 40P01 or 40001,
     * another server writing the same rows) and is tried again.
     */
    default void retried(String sqlState) {}

    Listener NONE = (events, nanos) -> {};
  }

  private record Key(long projectId, String fingerprint) {}

  private record EventKey(long projectId, String eventId) {}

  private static final int CACHE_LIMIT = 100_000;

  /** Attempts of a batch that meets a deadlock or serialization failure (PostgreSQL). */
  static final int ATTEMPTS = 5;

  private static final Comparator<NewEvent> EVENT_ORDER =
      Comparator.comparingLong(NewEvent::projectId).thenComparing(NewEvent::eventId);

  private static final Comparator<Key> KEY_ORDER =
      Comparator.comparingLong(Key::projectId).thenComparing(Key::fingerprint);

  /** Events remembered for de-duplication: ~15 MB of heap. */
  public static final int DEDUPE_WINDOW = 100_000;

  private final Database db;
  private final Listener listener;
  private final AuditStore audit;

  /** Incident ids by key and known tags, updated only after commits. */
  private final Map<Key, Long> incidentIds = lruMap(CACHE_LIMIT);

  private final Set<String> knownTags = Collections.newSetFromMap(lruMap(CACHE_LIMIT));

  private final int dedupeWindow;

  /** Recently stored events, oldest first; loaded from the database on first use. */
  private Set<EventKey> stored;

  public EventWriter(Database db, Listener listener) {
    this(db, listener, DEDUPE_WINDOW);
  }

  /** With another de-duplication window (tests). */
  EventWriter(Database db, Listener listener, int dedupeWindow) {
    this.db = db;
    this.listener = listener;
    this.dedupeWindow = dedupeWindow;
    this.audit = new AuditStore(db, java.time.Clock.systemUTC());
  }

  /** Whether the database takes writes now (to tell an outage from a bad event). */
  public boolean databaseWritable() {
    return db.writable();
  }

  /**
   * How far the database holds the journal {@code journalId}: the last applied record's sequence
   * number, 0 for a journal it has not seen (whose position row is then created).
   */
  public long appliedSeq(String journalId) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT applied_seq FROM ingest_position WHERE journal_id = ?")) {
        ps.setString(1, journalId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return rs.getLong(1);
          }
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO ingest_position (journal_id, applied_seq, updated_at) VALUES (?, 0, ?)")) {
        ps.setString(1, journalId);
        Jdbc.setInstant(ps, 2, Instant.now());
        ps.executeUpdate();
      }
      return 0;
    }
  }

  /** Writes {@code events} in one transaction. */
  public void write(List<NewEvent> events) throws SQLException {
    write(events, List.of());
  }

  /**
   * Writes {@code events} in one transaction that also moves the given journal positions (with no
   * events, only the positions move). On PostgreSQL a transaction that meets a deadlock or a
   * serialization failure (another server writing the same incidents or events) is retried a few
   * times; the events and the positions still commit together.
   */
  public void write(List<NewEvent> all, List<JournalPosition> positions) throws SQLException {
    long start = System.nanoTime();
    Set<EventKey> seen = stored();
    Set<EventKey> added = new HashSet<>();
    List<NewEvent> events = new ArrayList<>(all.size());
    for (NewEvent e : all) {
      EventKey key = new EventKey(e.projectId(), e.eventId());
      if (!seen.contains(key) && added.add(key)) {
        events.add(e);
      }
    }
    if (db.dialect() == Dialect.POSTGRESQL) {
      // One order for every server: overlapping batches then lock rows in the same order.
      events.sort(EVENT_ORDER);
    }
    Committed done;
    // PostgreSQL: first the plain batch insert the writer always used (copies are rare: retries);
    // only a batch that meets a copy stored by another server is written again skipping copies.
    boolean skipCopies = false;
    for (int attempt = 1; ; attempt++) {
      try {
        done = transaction(events, positions, skipCopies);
        break;
      } catch (SQLException e) {
        if (!skipCopies
            && db.dialect() == Dialect.POSTGRESQL
            && state(e, Set.of(UNIQUE_VIOLATION)).isPresent()) {
          skipCopies = true;
          attempt--;
          continue;
        }
        Optional<String> state = state(e, CONTENTION);
        if (state.isEmpty() || attempt >= ATTEMPTS) {
          throw e;
        }
        listener.retried(state.get());
        pause(attempt, e);
      }
    }
    incidentIds.putAll(done.newIds());
    knownTags.addAll(done.newTags());
    seen.addAll(added); // also those another server stored: they are in the database
    listener.committed(done.inserted(), System.nanoTime() - start);
    if (done.inserted() < all.size()) {
      listener.duplicates(all.size() - done.inserted());
    }
  }

  /** What a committed transaction changed, for the caches and the listener. */
  private record Committed(int inserted, Map<Key, Long> newIds, Set<String> newTags) {}

  /**
   * One attempt: incidents found or created, then the events inserted, then, for the events that
   * were inserted (on PostgreSQL not those another server stored first), the incidents' tags; the
   * journal positions; the incidents' counts, last-seen times and regressions; the audit entries
   * last.
   */
  private Committed transaction(
      List<NewEvent> events, List<JournalPosition> positions, boolean skipCopies)
      throws SQLException {
    Map<Key, List<NewEvent>> groups =
        db.dialect() == Dialect.POSTGRESQL ? new TreeMap<>(KEY_ORDER) : new LinkedHashMap<>();
    for (NewEvent e : events) {
      groups
          .computeIfAbsent(new Key(e.projectId(), e.fingerprint()), k -> new ArrayList<>())
          .add(e);
    }
    Map<Key, Long> newIds = new HashMap<>();
    Set<String> newTags = new HashSet<>();
    int inserted = 0;
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<Long, List<NewEvent>> byIncident = new LinkedHashMap<>();
        List<AuditStore.Draft> trail = new ArrayList<>();
        Set<Long> existing = new HashSet<>();
        for (Map.Entry<Key, List<NewEvent>> g : groups.entrySet()) {
          Long id = incidentIds.get(g.getKey());
          if (id == null) {
            NewEvent first = g.getValue().get(0);
            Optional<Long> found = findIncident(c, g.getKey());
            id = found.isPresent() ? found.get() : createIncident(c, g.getKey(), first, trail);
            newIds.put(g.getKey(), id);
            if (found.isPresent()) {
              existing.add(id);
            }
          } else {
            existing.add(id);
          }
          byIncident.put(id, g.getValue());
        }
        if (!byIncident.isEmpty()) {
          byIncident = insertEvents(c, byIncident, skipCopies);
          for (List<NewEvent> list : byIncident.values()) {
            inserted += list.size();
          }
        }
        Set<Long> reopened = new java.util.TreeSet<>();
        if (!byIncident.isEmpty()) {
          reopened.addAll(
              resolved(c, byIncident.keySet().stream().filter(existing::contains).toList()));
          for (long id : reopened) {
            NewEvent event = byIncident.get(id).get(0);
            trail.add(
                new AuditStore.Draft(
                    event.projectId(),
                    id,
                    null,
                    dev.kintsugi.core.audit.AuditRecord.system(
                        "incident.regressed",
                        "eventId",
                        event.eventId(),
                        "release",
                        event.release().orElse(""))));
          }
          insertTags(c, byIncident, newTags);
        }
        for (JournalPosition position : positions) {
          movePosition(c, position);
        }
        if (!byIncident.isEmpty()) {
          // Late: every server's batches update the same hot incidents, whose row locks are then
          // held only from here to the commit.
          updateIncidents(c, byIncident, reopened);
        }
        audit.append(c, trail); // last: see AuditStore
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return new Committed(inserted, newIds, newTags);
  }

  /** SQL states of a deadlock and a serialization failure: a transaction worth another attempt. */
  private static final Set<String> CONTENTION = Set.of("40P01", "40001");

  private static final String UNIQUE_VIOLATION = "23505";

  /**
   * The first of {@code states} found in {@code e} or the exceptions chained to it (a batch's cause
   * comes as its next exception).
   */
  static Optional<String> state(SQLException e, Set<String> states) {
    Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>(List.of(e));
    while (!todo.isEmpty()) {
      Throwable t = todo.pop();
      if (!visited.add(t)) {
        continue;
      }
      if (t instanceof SQLException s) {
        if (s.getSQLState() != null && states.contains(s.getSQLState())) {
          return Optional.of(s.getSQLState());
        }
        if (s.getNextException() != null) {
          todo.push(s.getNextException());
        }
      }
      if (t.getCause() != null) {
        todo.push(t.getCause());
      }
    }
    return Optional.empty();
  }

  /** Waits a little, randomised so that two servers that collided do not collide again. */
  private static void pause(int attempt, SQLException cause) throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 1));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw cause;
    }
  }

  /** The de-duplication window, first filled with the database's most recent events. */
  private Set<EventKey> stored() throws SQLException {
    if (stored != null) {
      return stored;
    }
    List<EventKey> recent = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT project_id, event_id FROM event ORDER BY id DESC")) {
      ps.setMaxRows(dedupeWindow);
      ps.setFetchSize(Math.min(1000, dedupeWindow));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recent.add(new EventKey(rs.getLong(1), rs.getString(2)));
        }
      }
    }
    Set<EventKey> window = Collections.newSetFromMap(lruMap(dedupeWindow));
    for (int i = recent.size() - 1; i >= 0; i--) {
      window.add(recent.get(i));
    }
    stored = window;
    return window;
  }

  private static void movePosition(Connection c, JournalPosition position) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ingest_position SET applied_seq = ?, updated_at = ? WHERE journal_id = ?")) {
      ps.setLong(1, position.seq());
      Jdbc.setInstant(ps, 2, Instant.now());
      ps.setString(3, position.journalId());
      if (ps.executeUpdate() != 1) {
        throw new SQLException("no ingest position row for journal " + position.journalId());
      }
    }
  }

  /**
   * Creates the incident {@code first} opens, unless another server just did, and adds {@code
   * incident.opened} to {@code trail} when this transaction created it.
   */
  private long createIncident(Connection c, Key key, NewEvent first, List<AuditStore.Draft> trail)
      throws SQLException {
    boolean created;
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
      created = ps.executeUpdate() == 1;
    }
    long id = findIncident(c, key).orElseThrow(() -> new SQLException("incident vanished: " + key));
    if (created) {
      trail.add(
          new AuditStore.Draft(
              key.projectId(),
              id,
              null,
              dev.kintsugi.core.audit.AuditRecord.system(
                  "incident.opened",
                  "fingerprint",
                  key.fingerprint(),
                  "title",
                  truncate(first.title(), 1000),
                  "culprit",
                  truncate(first.culprit(), 1000),
                  "eventId",
                  first.eventId())));
    }
    return id;
  }

  /**
   * Which of {@code ids} are resolved and not watched after release, so that the batch's update
   * makes them (and only them) regressed, and records it. An incident whose merged fix is watched
   * ({@code fix_watch}) is left to the recurrence watch: an event of an older release, deployed
   * before the fix, says nothing about the fix. Read in the batch's transaction just before that
   * update; one resolved in between stays resolved until its next event.
   */
  private static List<Long> resolved(Connection c, List<Long> ids) throws SQLException {
    List<Long> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT i.id FROM incident i WHERE i.status = 'resolved' AND i.id IN ("
                  + marks
                  + ") AND NOT EXISTS (SELECT 1 FROM fix_watch w WHERE w.incident_id = i.id"
                  + " AND w.state = 'watching')")) {
        for (int i = 0; i < chunk.size(); i++) {
          ps.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
    }
    out.sort(Comparator.naturalOrder());
    return out;
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

  private static void updateIncidents(
      Connection c, Map<Long, List<NewEvent>> byIncident, Set<Long> reopened) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE incident SET event_count = event_count + ?,"
                + " last_seen = CASE WHEN last_seen < ? THEN ? ELSE last_seen END,"
                + " status = CASE WHEN status = 'resolved' AND ? = 1 THEN 'regressed'"
                + " ELSE status END"
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
        ps.setInt(4, reopened.contains(id) ? 1 : 0);
        ps.setLong(5, id);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private record Tag(long incidentId, String key, String value, Instant firstSeen) {}

  private static final Comparator<Tag> TAG_ORDER =
      Comparator.comparingLong(Tag::incidentId).thenComparing(Tag::key).thenComparing(Tag::value);

  /** The releases and environments not yet recorded, in key order (the lock order). */
  private void insertTags(Connection c, Map<Long, List<NewEvent>> byIncident, Set<String> added)
      throws SQLException {
    List<Tag> tags = new ArrayList<>();
    for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
      for (NewEvent event : e.getValue()) {
        tag(tags, e.getKey(), "release", event.release(), event.receivedAt(), added);
        tag(tags, e.getKey(), "environment", event.environment(), event.receivedAt(), added);
      }
    }
    if (tags.isEmpty()) {
      return;
    }
    tags.sort(TAG_ORDER);
    try (PreparedStatement ps = c.prepareStatement(db.dialect().insertTagIfAbsent())) {
      for (Tag t : tags) {
        ps.setLong(1, t.incidentId());
        ps.setString(2, t.key());
        ps.setString(3, t.value());
        Jdbc.setInstant(ps, 4, t.firstSeen());
        if (db.dialect() == Dialect.H2) {
          ps.setLong(5, t.incidentId());
          ps.setString(6, t.key());
          ps.setString(7, t.value());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void tag(
      List<Tag> tags,
      long incidentId,
      String key,
      Optional<String> value,
      Instant at,
      Set<String> added) {
    if (value.isEmpty()) {
      return;
    }
    String v = truncate(value.get(), 200);
    String cacheKey = incidentId + "\u0000" + key + "\u0000" + v;
    if (!knownTags.contains(cacheKey) && added.add(cacheKey)) {
      tags.add(new Tag(incidentId, key, v, at));
    }
  }

  /**
   * Inserts the events and returns those inserted, by incident: all of them (a JDBC batch; H2 has
   * one server and the window de-duplicates; on PostgreSQL a copy already stored fails the batch
   * with a unique violation), or with {@code skipCopies} multi-row inserts in event order skipping
   * the events another server already stored (the unique index of V35); an event that another
   * server's open transaction is inserting waits for that transaction, so each is counted by one
   * server only.
   */
  private Map<Long, List<NewEvent>> insertEvents(
      Connection c, Map<Long, List<NewEvent>> byIncident, boolean skipCopies) throws SQLException {
    if (skipCopies) {
      return insertNewEvents(c, byIncident);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO event (event_id, project_id, incident_id, received_at, release_name,"
                + " environment, payload) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      List<Map.Entry<Long, NewEvent>> rows = new ArrayList<>();
      for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
        for (NewEvent event : e.getValue()) {
          rows.add(Map.entry(e.getKey(), event));
        }
      }
      if (db.dialect() == Dialect.POSTGRESQL) {
        rows.sort(Map.Entry.comparingByValue(EVENT_ORDER)); // the unique index's lock order
      }
      for (Map.Entry<Long, NewEvent> row : rows) {
        NewEvent event = row.getValue();
        ps.setString(1, event.eventId());
        ps.setLong(2, event.projectId());
        ps.setLong(3, row.getKey());
        Jdbc.setInstant(ps, 4, event.receivedAt());
        Jdbc.setOptional(ps, 5, event.release().map(r -> truncate(r, 200)));
        Jdbc.setOptional(ps, 6, event.environment().map(r -> truncate(r, 200)));
        ps.setBytes(7, event.payload());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return byIncident;
  }

  /** Rows per multi-row event insert on PostgreSQL. */
  private static final int INSERT_ROWS = 128;

  private static String insertEventsSql(int rows) {
    StringBuilder sql =
        new StringBuilder(
            "INSERT INTO event (event_id, project_id, incident_id, received_at, release_name,"
                + " environment, payload) VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
    }
    return sql.append(
            " ON CONFLICT (project_id, event_id) DO NOTHING RETURNING project_id, event_id")
        .toString();
  }

  private static Map<Long, List<NewEvent>> insertNewEvents(
      Connection c, Map<Long, List<NewEvent>> byIncident) throws SQLException {
    List<NewEvent> events = new ArrayList<>();
    Map<EventKey, Long> incidentOf = new HashMap<>();
    for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
      for (NewEvent event : e.getValue()) {
        events.add(event);
        incidentOf.put(new EventKey(event.projectId(), event.eventId()), e.getKey());
      }
    }
    events.sort(EVENT_ORDER); // the lock order of the unique index's entries
    int n = events.size();
    Set<EventKey> inserted = new HashSet<>();
    // Multi-row statements of a fixed size (prepared once on the server) and one for the rest,
    // the payloads as binary parameters.
    for (int from = 0; from < n; from += INSERT_ROWS) {
      List<NewEvent> chunk = events.subList(from, Math.min(n, from + INSERT_ROWS));
      try (PreparedStatement ps = c.prepareStatement(insertEventsSql(chunk.size()))) {
        int p = 1;
        for (NewEvent event : chunk) {
          ps.setString(p++, event.eventId());
          ps.setLong(p++, event.projectId());
          ps.setLong(p++, incidentOf.get(new EventKey(event.projectId(), event.eventId())));
          Jdbc.setInstant(ps, p++, event.receivedAt());
          Jdbc.setOptional(ps, p++, event.release().map(r -> truncate(r, 200)));
          Jdbc.setOptional(ps, p++, event.environment().map(r -> truncate(r, 200)));
          ps.setBytes(p++, event.payload());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            inserted.add(new EventKey(rs.getLong(1), rs.getString(2)));
          }
        }
      }
    }
    if (inserted.size() == n) {
      return byIncident;
    }
    Map<Long, List<NewEvent>> out = new LinkedHashMap<>();
    for (Map.Entry<Long, List<NewEvent>> e : byIncident.entrySet()) {
      List<NewEvent> kept = new ArrayList<>();
      for (NewEvent event : e.getValue()) {
        if (inserted.contains(new EventKey(event.projectId(), event.eventId()))) {
          kept.add(event);
        }
      }
      if (!kept.isEmpty()) {
        out.put(e.getKey(), kept);
      }
    }
    return out;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  private static <K, V> Map<K, V> lruMap(int limit) {
    return new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > limit;
      }
    };
  }
}

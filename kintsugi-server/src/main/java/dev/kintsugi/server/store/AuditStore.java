package dev.kintsugi.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditChain;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.core.audit.AuditHead;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.audit.AuditVerification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The audit trail in the database ({@code audit_entry}, V25): append-only, one hash chain per
 * project ({@link AuditChain}), numbered by one sequence across all of them.
 *
 * <p><b>Appending</b> locks the {@code audit_sequence} row ({@code SELECT ... FOR UPDATE}, which
 * holds across servers sharing one PostgreSQL, and across H2's connections), takes each chain's
 * last hash from {@code audit_head}, inserts the entries and moves the heads and the sequence, all
 * in one transaction. Appends are therefore serialised: seq follows commit order without gaps. The
 * stores record their own transitions inside the transaction that makes them (a project created, a
 * heal queued, started, finished...), so the action and its entry commit together; the append is
 * the last statement of such a transaction, so whoever holds the lock waits for nothing else and no
 * deadlock can form around it. The rate is a handful of entries per heal or admin action, and one
 * per new incident, never one per event.
 *
 * <p>Text is stored as recorded, except: the actor is cut to {@value #ACTOR_CHARS} characters, a
 * detail key to {@value #KEY_CHARS} and a value to {@value #VALUE_CHARS}, and NUL characters (which
 * PostgreSQL text refuses) become U+FFFD, before the hash is computed, so what is stored is what is
 * hashed.
 */
public final class AuditStore {

  /** The actor of what the admin token's holder does through the REST API. */
  public static final String ADMIN = "admin";

  static final int ACTOR_CHARS = 200;
  static final int KEY_CHARS = 100;
  static final int VALUE_CHARS = 4000;
  static final int ACTION_CHARS = 100;

  /** Rows read per query when walking the whole trail. */
  static final int PAGE = 1000;

  /** Appends of their own retried after a lock timeout or deadlock (H2 waits 2 s for a lock). */
  private static final int ATTEMPTS = 5;

  private static final String COLUMNS =
      "seq, recorded_at, project_id, incident_id, heal_run_id, action, actor, detail, prev_hash,"
          + " entry_hash";

  /** An action to record and where it belongs (null: not about any project, incident, run). */
  public record Draft(Long project, Long incident, Long healRun, AuditRecord record) {}

  private final Database db;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public AuditStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /**
   * Appends one entry in a transaction of its own and returns it as stored, once committed.
   *
   * @throws StoreException when it cannot be stored
   */
  public AuditEntry append(Long project, Long incident, Long healRun, AuditRecord record) {
    List<Draft> drafts = List.of(new Draft(project, incident, healRun, record));
    for (int attempt = 1; ; attempt++) {
      try {
        return Tx.run(db, c -> append(c, drafts)).get(0);
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !contended(e)) {
          throw new StoreException("cannot append to the audit trail: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while appending to the audit trail", e);
        }
      }
    }
  }

  /**
   * Appends {@code drafts}, in order, inside the caller's transaction ({@code c} not in
   * auto-commit): call it last in that transaction, right before the commit (see the class
   * comment). Returns the entries as they will be stored.
   */
  List<AuditEntry> append(Connection c, List<Draft> drafts) throws SQLException {
    if (drafts.isEmpty()) {
      return List.of();
    }
    long seq = lockSequence(c);
    Map<Long, String> last = new HashMap<>();
    Map<Long, Boolean> hadHead = new HashMap<>();
    Map<Long, AuditEntry> newHeads = new LinkedHashMap<>();
    Instant now = clock.instant();
    List<AuditEntry> out = new ArrayList<>(drafts.size());
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Draft d : drafts) {
        long chain = chainId(d.project());
        if (!last.containsKey(chain)) {
          Optional<String> head = headHash(c, chain);
          hadHead.put(chain, head.isPresent());
          last.put(chain, head.orElse(AuditChain.GENESIS));
        }
        AuditEntry e =
            AuditChain.next(
                ++seq,
                now,
                d.project(),
                d.incident(),
                d.healRun(),
                storable(d.record()),
                last.get(chain));
        last.put(chain, e.hash());
        newHeads.put(chain, e);
        bind(insert, e);
        insert.addBatch();
        out.add(e);
      }
      insert.executeBatch();
    }
    for (Map.Entry<Long, AuditEntry> head : newHeads.entrySet()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              hadHead.get(head.getKey())
                  ? "UPDATE audit_head SET seq = ?, entry_hash = ? WHERE chain_id = ?"
                  : "INSERT INTO audit_head (seq, entry_hash, chain_id) VALUES (?, ?, ?)")) {
        ps.setLong(1, head.getValue().seq());
        ps.setString(2, head.getValue().hash());
        ps.setLong(3, head.getKey());
        ps.executeUpdate();
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE audit_sequence SET last_seq = ? WHERE id = 1")) {
      ps.setLong(1, seq);
      ps.executeUpdate();
    }
    return out;
  }

  /**
   * Up to {@code limit} entries after seq {@code afterSeq}, in seq order; of one project and/or
   * incident when given.
   */
  public List<AuditEntry> page(
      Optional<Long> project, Optional<Long> incident, long afterSeq, int limit) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE seq > ?");
    project.ifPresent(p -> sql.append(" AND project_id = ?"));
    incident.ifPresent(i -> sql.append(" AND incident_id = ?"));
    sql.append(" ORDER BY seq");
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      ps.setLong(i++, afterSeq);
      if (project.isPresent()) {
        ps.setLong(i++, project.get());
      }
      if (incident.isPresent()) {
        ps.setLong(i, incident.get());
      }
      ps.setMaxRows(limit);
      List<AuditEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(entry(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit trail: " + e.getMessage(), e);
    }
  }

  /**
   * The newest {@code limit} entries about an incident, or only those of one of its heal runs,
   * newest first.
   */
  public List<AuditEntry> newest(long incident, Optional<Long> healRun, int limit) {
    return Jdbc.query(
        db,
        "SELECT "
            + COLUMNS
            + " FROM audit_entry WHERE incident_id = ?"
            + (healRun.isPresent() ? " AND heal_run_id = ?" : "")
            + " ORDER BY seq DESC",
        ps -> {
          ps.setLong(1, incident);
          if (healRun.isPresent()) {
            ps.setLong(2, healRun.get());
          }
          ps.setMaxRows(limit);
        },
        this::entry);
  }

  /** Every entry, or a project's, in seq order, read {@value #PAGE} at a time as it is walked. */
  public Iterable<AuditEntry> entries(Optional<Long> project) {
    return () -> new Pages(project);
  }

  /** The recorded head of every chain, or of the project's. */
  public List<AuditHead> heads(Optional<Long> project) {
    String sql =
        "SELECT chain_id, seq, entry_hash FROM audit_head"
            + (project.isPresent() ? " WHERE chain_id = ?" : "")
            + " ORDER BY chain_id";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      if (project.isPresent()) {
        ps.setLong(1, project.get());
      }
      List<AuditHead> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long chain = rs.getLong(1);
          out.add(new AuditHead(chain == 0 ? null : chain, rs.getLong(2), rs.getString(3)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the audit heads: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies the whole trail (or the project's chain) against the recorded heads, read a page at a
   * time. The heads are read first, so entries appended meanwhile only extend the chains.
   */
  public AuditVerification verify(Optional<Long> project) {
    List<AuditHead> heads = heads(project);
    return AuditChain.verify(entries(project), heads);
  }

  /** SQL states of a lock wait that timed out or a deadlock: worth another attempt. */
  private static boolean contended(SQLException e) {
    String state = e.getSQLState();
    return e instanceof java.sql.SQLTransientException
        || (state != null && (state.startsWith("40") || state.equals("HYT00")));
  }

  private static long lockSequence(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT last_seq FROM audit_sequence WHERE id = 1 FOR UPDATE");
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("audit_sequence has no row: the schema was changed by hand");
      }
      return rs.getLong(1);
    }
  }

  private static Optional<String> headHash(Connection c, long chain) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT entry_hash FROM audit_head WHERE chain_id = ?")) {
      ps.setLong(1, chain);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  /** Projects' ids start at 1; chain 0 holds the entries without a project. */
  private static long chainId(Long project) {
    return project == null ? 0 : project;
  }

  private void bind(PreparedStatement ps, AuditEntry e) throws SQLException {
    ps.setLong(1, e.seq());
    Jdbc.setInstant(ps, 2, e.at());
    setId(ps, 3, e.project());
    setId(ps, 4, e.incident());
    setId(ps, 5, e.healRun());
    ps.setString(6, e.action());
    ps.setString(7, e.actor());
    try {
      ps.setString(8, json.writeValueAsString(e.detail()));
    } catch (JsonProcessingException ex) {
      throw new SQLException("audit detail is always JSON", ex);
    }
    ps.setString(9, e.prevHash());
    ps.setString(10, e.hash());
  }

  private static void setId(PreparedStatement ps, int index, Long id) throws SQLException {
    if (id == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, id);
    }
  }

  private AuditEntry entry(ResultSet rs) throws SQLException {
    return new AuditEntry(
        rs.getLong("seq"),
        Jdbc.instant(rs, "recorded_at"),
        id(rs, "project_id"),
        id(rs, "incident_id"),
        id(rs, "heal_run_id"),
        rs.getString("action"),
        rs.getString("actor"),
        detail(rs.getString("detail")),
        rs.getString("prev_hash"),
        rs.getString("entry_hash"));
  }

  /**
   * A stored detail. One that is not a JSON object of strings was changed in the table: it is shown
   * as found (under one key), and its entry then fails its hash, which says so.
   */
  private Map<String, String> detail(String text) {
    try {
      JsonNode node = json.readTree(text);
      if (node != null && node.isObject()) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean strings = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> pair = it.next();
          strings &= pair.getValue().isTextual();
          out.put(pair.getKey(), pair.getValue().asText());
        }
        if (strings) {
          return out;
        }
      }
    } catch (JsonProcessingException e) {
      // falls through: shown as found
    }
    return Map.of("kintsugi:unreadable-detail", text == null ? "" : cut(text, VALUE_CHARS));
  }

  private static Long id(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /** The record as it will be stored (and hashed): see the class comment. */
  static AuditRecord storable(AuditRecord record) {
    if (record.action().length() > ACTION_CHARS) {
      throw new IllegalArgumentException(
          "audit action longer than " + ACTION_CHARS + " characters: " + record.action());
    }
    Map<String, String> detail = new LinkedHashMap<>();
    record.detail().forEach((k, v) -> detail.put(cut(k, KEY_CHARS), cut(v, VALUE_CHARS)));
    return new AuditRecord(
        record.action(), cut(record.actor(), ACTOR_CHARS), Collections.unmodifiableMap(detail));
  }

  /**
   * At most {@code max} characters (the last an ellipsis when cut), not splitting a surrogate pair;
   * NUL becomes U+FFFD. Also how the dashboard shortens untrusted text it shows.
   */
  public static String cut(String text, int max) {
    String clean = text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    if (clean.length() <= max) {
      return clean;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(clean.charAt(end - 1))) {
      end--;
    }
    return clean.substring(0, end) + "…";
  }

  /** Walks the trail a page at a time (keyset on seq), so a large table is never all in memory. */
  private final class Pages implements Iterator<AuditEntry> {
    private final Optional<Long> project;
    private Iterator<AuditEntry> page = Collections.emptyIterator();
    private long after;
    private boolean exhausted;

    Pages(Optional<Long> project) {
      this.project = project;
    }

    @Override
    public boolean hasNext() {
      if (page.hasNext()) {
        return true;
      }
      if (exhausted) {
        return false;
      }
      List<AuditEntry> next = page(project, Optional.empty(), after, PAGE);
      exhausted = next.size() < PAGE;
      if (next.isEmpty()) {
        return false;
      }
      after = next.get(next.size() - 1).seq();
      page = next.iterator();
      return true;
    }

    @Override
    public AuditEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return page.next();
    }
  }
}

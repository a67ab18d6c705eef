package dev.kintsugi.server.circuit;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The projects' injected faults ({@code fault}, V33). A fault is active from its injection until it
 * is removed or its time (at most {@link #MAX_TTL}) runs out by the injected clock: faults end by
 * themselves. Every injection ({@code fault.injected}) and removal ({@code fault.removed}) is
 * appended to the audit trail once it is committed; expiry is by time alone.
 *
 * <p>Stable API.
 */
public final class FaultStore {

  /** Longest time a fault may stay before it ends by itself. */
  public static final Duration MAX_TTL = Duration.ofHours(1);

  private static final String COLUMNS =
      "project_id, method, kind, latency_ms, exception, message, probability, experiment,"
          + " injected_at, expires_at, injected_by";

  private final MethodRows rows;
  private final AuditStore audit;
  private final Clock clock;

  public FaultStore(Database db, AuditStore audit, Clock clock) {
    this.rows = new MethodRows(db, clock, "fault", COLUMNS);
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Injects (or re-injects, replacing what it had) a fault into a project's method until {@code
   * ttl} from now, and records {@code fault.injected} by {@code actor}.
   *
   * @param experiment the chaos experiment injecting it: required
   * @throws IllegalArgumentException for a bad method, probability, experiment or ttl (not
   *     positive, over {@link #MAX_TTL})
   * @throws StoreException when it cannot be stored (the project does not exist, ...)
   */
  public Fault inject(
      long project,
      String method,
      Fault.Effect effect,
      double probability,
      String experiment,
      Duration ttl,
      String actor) {
    if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttlSeconds must be from 1 to " + MAX_TTL.toSeconds() + " (faults end by themselves)");
    }
    Instant now = clock.instant();
    Fault fault =
        new Fault(project, method, effect, probability, experiment, now, now.plus(ttl), actor);
    rows.replace(project, method, c -> insert(c, fault), "inject the fault");
    List<String> detail = new ArrayList<>(List.of("method", method, "kind", effect.kind()));
    if (effect instanceof Fault.Latency l) {
      detail.addAll(List.of("latencyMs", Long.toString(l.millis())));
    } else if (effect instanceof Fault.Thrown t) {
      detail.addAll(List.of("exception", t.exception(), "message", t.message()));
    }
    detail.addAll(
        List.of(
            "probability",
            Double.toString(probability),
            "experiment",
            experiment,
            "expiresAt",
            fault.expiresAt().toString()));
    audit.append(
        project,
        null,
        null,
        AuditRecord.by(actor, "fault.injected", detail.toArray(new String[0])));
    return fault;
  }

  /**
   * Removes the fault of a project's method, recording {@code fault.removed} by {@code actor}.
   *
   * @return whether it was active (false: there was none, or it had expired: nothing recorded)
   */
  public boolean remove(long project, String method, String actor) {
    Optional<Fault> was = active(project, method);
    if (rows.delete(project, method, "remove the fault") == 0 || was.isEmpty()) {
      return false;
    }
    audit.append(
        project,
        null,
        null,
        AuditRecord.by(
            actor, "fault.removed", "method", method, "experiment", was.get().experiment()));
    return true;
  }

  /** The project's active faults, by method name. */
  public List<Fault> active(long project) {
    return rows.active(project, null, FaultStore::read, "read the faults");
  }

  /** The active fault of a project's method, if any. */
  public Optional<Fault> active(long project, String method) {
    return rows.active(project, method, FaultStore::read, "read the faults").stream().findFirst();
  }

  private static void insert(Connection c, Fault f) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO fault (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, f.project());
      ps.setString(2, f.method());
      ps.setString(3, f.effect().kind());
      ps.setNull(4, Types.BIGINT);
      ps.setNull(5, Types.VARCHAR);
      ps.setNull(6, Types.VARCHAR);
      if (f.effect() instanceof Fault.Latency l) {
        ps.setLong(4, l.millis());
      } else if (f.effect() instanceof Fault.Thrown t) {
        ps.setString(5, t.exception());
        ps.setString(6, t.message());
      }
      ps.setDouble(7, f.probability());
      ps.setString(8, f.experiment());
      ps.setObject(9, f.injectedAt().atOffset(ZoneOffset.UTC));
      ps.setObject(10, f.expiresAt().atOffset(ZoneOffset.UTC));
      ps.setString(11, f.injectedBy());
      ps.executeUpdate();
    }
  }

  private static Fault read(ResultSet rs) throws SQLException {
    Fault.Effect effect =
        "latency".equals(rs.getString("kind"))
            ? new Fault.Latency(rs.getLong("latency_ms"))
            : new Fault.Thrown(rs.getString("exception"), rs.getString("message"));
    return new Fault(
        rs.getLong("project_id"),
        rs.getString("method"),
        effect,
        rs.getDouble("probability"),
        rs.getString("experiment"),
        rs.getObject("injected_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
        rs.getString("injected_by"));
  }
}

package dev.kintsugi.server.circuit;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The projects' open circuits ({@code circuit}, V32). A circuit is active from its opening until it
 * is closed or its time runs out by the injected clock; an expired row is only a leftover, replaced
 * by the next opening of the same method. Every opening ({@code circuit.opened}) and closing
 * ({@code circuit.closed}) is appended to the audit trail once it is committed.
 *
 * <p>Stable API.
 */
public final class CircuitStore {

  /** Longest time a circuit may stay open before it closes by itself. */
  public static final Duration MAX_TTL = Duration.ofDays(30);

  private static final String COLUMNS =
      "project_id, method, mode, fallback, opened_at, expires_at, opened_by";

  private final MethodRows rows;
  private final AuditStore audit;
  private final Clock clock;

  public CircuitStore(Database db, AuditStore audit, Clock clock) {
    this.rows = new MethodRows(db, clock, "circuit", COLUMNS);
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Opens (or reopens, replacing what it had) the circuit of a project's method until {@code ttl}
   * from now, and records {@code circuit.opened} by {@code actor}.
   *
   * @param fallback the literal the agent returns instead; empty to fail fast
   * @throws IllegalArgumentException for a bad method, fallback or ttl (not positive, over {@link
   *     #MAX_TTL})
   * @throws StoreException when it cannot be stored (the project does not exist, ...)
   */
  public Circuit open(
      long project, String method, Optional<String> fallback, Duration ttl, String actor) {
    if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException(
          "ttl must be from 1 second to " + MAX_TTL.toDays() + " days");
    }
    Instant now = clock.instant();
    Circuit circuit =
        new Circuit(
            project,
            method,
            fallback.isPresent() ? Circuit.Mode.FALLBACK : Circuit.Mode.FAIL,
            fallback,
            now,
            now.plus(ttl),
            actor);
    rows.replace(
        project,
        method,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO circuit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, project);
            ps.setString(2, method);
            ps.setString(3, circuit.mode().wire());
            if (fallback.isPresent()) {
              ps.setString(4, fallback.get());
            } else {
              ps.setNull(4, Types.VARCHAR);
            }
            ps.setObject(5, now.atOffset(ZoneOffset.UTC));
            ps.setObject(6, circuit.expiresAt().atOffset(ZoneOffset.UTC));
            ps.setString(7, actor);
            ps.executeUpdate();
          }
        },
        "open the circuit");
    audit.append(
        project,
        null,
        null,
        AuditRecord.by(
            actor,
            "circuit.opened",
            "method",
            method,
            "mode",
            circuit.mode().wire(),
            "fallback",
            fallback.orElse(""),
            "expiresAt",
            circuit.expiresAt().toString()));
    return circuit;
  }

  /**
   * Closes the circuit of a project's method, recording {@code circuit.closed} by {@code actor}.
   *
   * @return whether it was active (false: it was not open, or had expired: nothing recorded)
   */
  public boolean close(long project, String method, String actor) {
    boolean wasActive = active(project, method).isPresent();
    if (rows.delete(project, method, "close the circuit") == 0 || !wasActive) {
      return false;
    }
    audit.append(project, null, null, AuditRecord.by(actor, "circuit.closed", "method", method));
    return true;
  }

  /** The project's active circuits, by method name. */
  public List<Circuit> active(long project) {
    return rows.active(project, null, CircuitStore::read, "read the circuits");
  }

  /** The active circuit of a project's method, if any. */
  public Optional<Circuit> active(long project, String method) {
    return rows.active(project, method, CircuitStore::read, "read the circuits").stream()
        .findFirst();
  }

  private static Circuit read(ResultSet rs) throws SQLException {
    return new Circuit(
        rs.getLong("project_id"),
        rs.getString("method"),
        Circuit.Mode.of(rs.getString("mode")),
        Optional.ofNullable(rs.getString("fallback")),
        rs.getObject("opened_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
        rs.getString("opened_by"));
  }
}

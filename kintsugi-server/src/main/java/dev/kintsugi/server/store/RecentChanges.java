package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What changed in a project around a moment, for runtime diagnosis: the releases its events named
 * for the first time, and the error incidents that started.
 */
public final class RecentChanges {

  private final Database db;

  public RecentChanges(Database db) {
    this.db = db;
  }

  /** A release and when the project's events first named it. */
  public record ReleaseSeen(String release, Instant firstSeen) {
    public ReleaseSeen {
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(firstSeen, "firstSeen");
    }
  }

  /**
   * The releases the project's events first named in [{@code from}, {@code to}], earliest first (a
   * release seen before {@code from} is not new, however recently it was seen again).
   */
  public List<ReleaseSeen> releasesFirstSeen(long projectId, Instant from, Instant to) {
    return Jdbc.query(
        db,
        "SELECT t.tag_value, MIN(t.first_seen) AS seen FROM incident_tag t"
            + " JOIN incident i ON i.id = t.incident_id"
            + " WHERE i.project_id = ? AND t.tag_key = 'release' GROUP BY t.tag_value"
            + " HAVING MIN(t.first_seen) >= ? AND MIN(t.first_seen) <= ?"
            + " ORDER BY seen, t.tag_value",
        ps -> {
          ps.setLong(1, projectId);
          Jdbc.setInstant(ps, 2, from);
          Jdbc.setInstant(ps, 3, to);
        },
        rs -> new ReleaseSeen(rs.getString(1), Jdbc.instant(rs, "seen")));
  }

  /** The project's error incidents first seen in [{@code from}, {@code to}], earliest first. */
  public List<Incident> incidentsStarted(long projectId, Instant from, Instant to) {
    return Jdbc.query(
        db,
        "SELECT "
            + Store.INCIDENT_COLUMNS
            + " FROM incident WHERE project_id = ? AND kind = 'error'"
            + " AND first_seen >= ? AND first_seen <= ? ORDER BY first_seen, id",
        ps -> {
          ps.setLong(1, projectId);
          Jdbc.setInstant(ps, 2, from);
          Jdbc.setInstant(ps, 3, to);
        },
        Store::incident);
  }
}

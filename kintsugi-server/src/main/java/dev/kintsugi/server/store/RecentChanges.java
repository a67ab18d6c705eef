package dev.kintsugi.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What changed in a project around a moment, for runtime diagnosis and canary analysis: the
 * releases its events named for the first time, the error incidents that started, and the incidents
 * a release's events fell into.
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

  /** An error incident and how many of its events named a release in a window. */
  public record ReleaseEvents(Incident incident, long events) {
    public ReleaseEvents {
      Objects.requireNonNull(incident, "incident");
    }
  }

  /**
   * The project's error incidents with events of {@code release} received in [{@code from}, {@code
   * to}), earliest first seen first: what a canary of that release raised.
   */
  public List<ReleaseEvents> incidentsOfRelease(
      long projectId, String release, Instant from, Instant to) {
    return Jdbc.query(
        db,
        "SELECT "
            + Store.INCIDENT_COLUMNS
            + ", e.n FROM incident JOIN (SELECT incident_id, COUNT(*) AS n FROM event"
            + " WHERE project_id = ? AND release_name = ? AND received_at >= ? AND received_at < ?"
            + " GROUP BY incident_id) e ON e.incident_id = id"
            + " WHERE kind = 'error' ORDER BY first_seen, id",
        ps -> {
          ps.setLong(1, projectId);
          ps.setString(2, release);
          Jdbc.setInstant(ps, 3, from);
          Jdbc.setInstant(ps, 4, to);
        },
        rs -> new ReleaseEvents(Store.incident(rs), rs.getLong("n")));
  }
}

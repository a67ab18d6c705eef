package dev.kintsugi.server.store;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An incident's events as a timeline: the latest ones without their payloads, and how many arrived
 * per hour lately. For the dashboard's incident page.
 */
public final class IncidentEvents {

  /** Hours in {@link #hourly}. */
  public static final int HOURS = IncidentSearch.SPARK_HOURS;

  /**
   * One event seen.
   *
   * @param release the release it named, if any (untrusted text)
   * @param environment the environment it named, if any (untrusted text)
   */
  public record Seen(
      String eventId, Instant receivedAt, Optional<String> release, Optional<String> environment) {}

  private final Database db;
  private final IncidentSearch search;

  public IncidentEvents(Database db, Clock clock) {
    this.db = db;
    this.search = new IncidentSearch(db, clock);
  }

  /** The incident's latest {@code limit} events, newest first. */
  public List<Seen> recent(long incidentId, int limit) {
    return Jdbc.query(
        db,
        "SELECT event_id, received_at, release_name, environment FROM event"
            + " WHERE incident_id = ? ORDER BY id DESC",
        ps -> {
          ps.setLong(1, incidentId);
          ps.setMaxRows(limit);
        },
        rs ->
            new Seen(
                rs.getString("event_id"),
                Jdbc.instant(rs, "received_at"),
                Jdbc.optional(rs, "release_name"),
                Jdbc.optional(rs, "environment")));
  }

  /**
   * The incident's events per hour, oldest first, {@link #HOURS} of them ending with the current
   * hour (UTC).
   */
  public List<Integer> hourly(long incidentId) {
    int[] counts = search.hourly(List.of(incidentId)).getOrDefault(incidentId, new int[HOURS]);
    return java.util.Arrays.stream(counts).boxed().toList();
  }
}

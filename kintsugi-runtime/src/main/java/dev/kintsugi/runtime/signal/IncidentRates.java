package dev.kintsugi.runtime.signal;

import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Each incident's events per minute, from the server's {@code event} table by time received: one
 * point per finished minute ({@code at} = the minute's end) for every incident that had events in
 * the last {@code window}, 0 for a minute without any (so recovery shows). Cheap: one grouped count
 * of the minute's events over the {@code received_at} index. Not thread-safe: one poll at a time.
 */
final class IncidentRates {
  /** Minutes caught up at most when polls were late. */
  static final int MAX_CATCH_UP_MINUTES = 5;

  private final Database db;
  private final Duration window;
  private final Map<Long, Recent> recent = new HashMap<>();
  private Instant done; // the end of the last minute counted

  private record Recent(String project, Instant lastEvents) {}

  IncidentRates(Database db, Duration window) {
    this.db = db;
    this.window = window;
  }

  /** The points of the minutes finished since the last poll. */
  List<Observation> poll(Instant now) {
    Instant end = now.truncatedTo(ChronoUnit.MINUTES);
    // From the end of the last minute counted (the last finished minute at first).
    Instant start = done != null ? done : end.minus(Duration.ofMinutes(1));
    if (start.isBefore(end.minus(Duration.ofMinutes(MAX_CATCH_UP_MINUTES)))) {
      start = end.minus(Duration.ofMinutes(MAX_CATCH_UP_MINUTES));
    }
    List<Observation> out = new ArrayList<>();
    for (Instant m = start; m.isBefore(end); m = m.plus(Duration.ofMinutes(1))) {
      Instant minuteEnd = m.plus(Duration.ofMinutes(1));
      Map<Long, Long> counts = count(m, minuteEnd);
      for (Iterator<Map.Entry<Long, Recent>> it = recent.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Long, Recent> e = it.next();
        if (!counts.containsKey(e.getKey())
            && e.getValue().lastEvents().isBefore(minuteEnd.minus(window))) {
          it.remove();
        }
      }
      for (Map.Entry<Long, Recent> e : recent.entrySet()) {
        long n = counts.getOrDefault(e.getKey(), 0L);
        out.add(
            new Observation(
                e.getValue().project(), SeriesNames.incident(e.getKey()), minuteEnd, n, true));
      }
      done = minuteEnd;
    }
    return out;
  }

  /** Counts the minute's events per incident, and notes the incidents as recent. */
  private Map<Long, Long> count(Instant from, Instant to) {
    Map<Long, Long> counts = new HashMap<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT e.incident_id, p.name, COUNT(*) FROM event e"
                    + " JOIN project p ON p.id = e.project_id"
                    + " WHERE e.received_at >= ? AND e.received_at < ?"
                    + " GROUP BY e.incident_id, p.name")) {
      ps.setObject(1, from.atOffset(ZoneOffset.UTC));
      ps.setObject(2, to.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long incident = rs.getLong(1);
          counts.put(incident, rs.getLong(3));
          recent.put(incident, new Recent(rs.getString(2), to));
        }
      }
      return counts;
    } catch (SQLException e) {
      throw new StoreException("cannot count incident events: " + e.getMessage(), e);
    }
  }

  /** How many events of the incident were received after {@code since}. */
  long eventsSince(long incidentId, Instant since) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT COUNT(*) FROM event WHERE incident_id = ? AND received_at > ?")) {
      ps.setLong(1, incidentId);
      ps.setObject(2, since.atOffset(ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot count incident events: " + e.getMessage(), e);
    }
  }
}

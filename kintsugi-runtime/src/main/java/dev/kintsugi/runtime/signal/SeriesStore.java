package dev.kintsugi.runtime.signal;

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
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Series points in the server's database (tables {@code series} and {@code series_point}, migration
 * V29), on H2 and PostgreSQL: appended in batches, read by time range, pruned past a retention
 * period and to at most {@code maxPointsPerSeries} points a series. Thread-safe.
 *
 * <p>Stable API.
 */
public final class SeriesStore {
  /** Series names longer than this are not stored (the column's width). */
  public static final int MAX_NAME_CHARS = 2000;

  private static final int MAX_CACHED_IDS = 100_000;

  private final Database db;
  private final Clock clock;
  private final int maxPointsPerSeries;
  private final Map<Key, Long> ids = new ConcurrentHashMap<>();

  private record Key(String project, String series) {}

  /** A stored point; {@code score} is empty where nothing scored it. */
  public record Point(Instant at, double value, OptionalDouble score) {
    public Point {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(score, "score");
    }
  }

  /** A point to append to the project's series. */
  public record NewPoint(
      String project, String series, Instant at, double value, OptionalDouble score) {
    public NewPoint {
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(series, "series");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(score, "score");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value must be finite, was " + value);
      }
    }
  }

  /**
   * @param maxPointsPerSeries {@link #prune} keeps at most this many points of a series (newest)
   */
  public SeriesStore(Database db, Clock clock, int maxPointsPerSeries) {
    if (maxPointsPerSeries < 1) {
      throw new IllegalArgumentException("maxPointsPerSeries must be ≥ 1");
    }
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.maxPointsPerSeries = maxPointsPerSeries;
  }

  /**
   * Appends points in one batch (one transaction), creating series as needed. Points of series
   * whose name is longer than {@link #MAX_NAME_CHARS} are skipped.
   *
   * @throws StoreException if the database fails
   */
  public void append(List<NewPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    try (Connection c = db.dataSource().getConnection()) {
      List<Long> seriesIds = new ArrayList<>(points.size());
      for (NewPoint p : points) {
        seriesIds.add(p.series().length() > MAX_NAME_CHARS ? null : id(c, p.project(), p.series()));
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO series_point (series_id, ts, val, score) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < points.size(); i++) {
          if (seriesIds.get(i) == null) {
            continue;
          }
          NewPoint p = points.get(i);
          ps.setLong(1, seriesIds.get(i));
          ps.setObject(2, p.at().atOffset(ZoneOffset.UTC));
          ps.setDouble(3, p.value());
          if (p.score().isPresent()) {
            ps.setDouble(4, p.score().getAsDouble());
          } else {
            ps.setNull(4, Types.DOUBLE);
          }
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot append series points: " + e.getMessage(), e);
    }
  }

  /** The series' points with {@code from <= at < to}, oldest first. */
  public List<Point> range(String project, String series, Instant from, Instant to) {
    return query(
        "SELECT p.ts, p.val, p.score FROM series_point p JOIN series s ON s.id = p.series_id"
            + " WHERE s.project = ? AND s.name = ? AND p.ts >= ? AND p.ts < ? ORDER BY p.ts",
        project,
        series,
        from,
        to);
  }

  /** The newest scored point of the series after {@code since}, if any. */
  public OptionalDouble latestScore(String project, String series, Instant since) {
    List<Point> newest =
        query(
            "SELECT p.ts, p.val, p.score FROM series_point p JOIN series s ON s.id = p.series_id"
                + " WHERE s.project = ? AND s.name = ? AND p.ts > ?"
                + " AND p.score IS NOT NULL ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY",
            project,
            series,
            since);
    return newest.isEmpty() ? OptionalDouble.empty() : newest.get(0).score();
  }

  /** The names of the project's series, sorted. */
  public List<String> names(String project) {
    List<String> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT name FROM series WHERE project = ? ORDER BY name")) {
      ps.setString(1, project);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot list series: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes points older than {@code retention} (by the clock), then the oldest points of any
   * series holding more than {@code maxPointsPerSeries}.
   *
   * @return how many points were deleted
   */
  public long prune(Duration retention) {
    Instant cutoff = clock.instant().minus(retention);
    try (Connection c = db.dataSource().getConnection()) {
      long deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM series_point WHERE ts < ?")) {
        ps.setObject(1, cutoff.atOffset(ZoneOffset.UTC));
        deleted = ps.executeUpdate();
      }
      List<Long> over = new ArrayList<>();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT series_id FROM series_point GROUP BY series_id HAVING COUNT(*) > ?")) {
        ps.setLong(1, maxPointsPerSeries);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            over.add(rs.getLong(1));
          }
        }
      }
      for (long id : over) {
        deleted += trim(c, id);
      }
      return deleted;
    } catch (SQLException e) {
      throw new StoreException("cannot prune series points: " + e.getMessage(), e);
    }
  }

  /** Keeps the series' newest {@code maxPointsPerSeries} points (ties at the edge are kept). */
  private long trim(Connection c, long seriesId) throws SQLException {
    OffsetDateTime oldestKept;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT ts FROM series_point WHERE series_id = ? ORDER BY ts DESC"
                + " OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY")) {
      ps.setLong(1, seriesId);
      ps.setLong(2, maxPointsPerSeries - 1L);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return 0;
        }
        oldestKept = rs.getObject(1, OffsetDateTime.class);
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM series_point WHERE series_id = ? AND ts < ?")) {
      ps.setLong(1, seriesId);
      ps.setObject(2, oldestKept);
      return ps.executeUpdate();
    }
  }

  private List<Point> query(String sql, String project, String series, Instant... times) {
    List<Point> out = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, project);
      ps.setString(2, series);
      for (int i = 0; i < times.length; i++) {
        ps.setObject(3 + i, times[i].atOffset(ZoneOffset.UTC));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
          double value = rs.getDouble(2);
          double score = rs.getDouble(3);
          boolean unscored = rs.wasNull(); // of the last column read: score
          out.add(
              new Point(at, value, unscored ? OptionalDouble.empty() : OptionalDouble.of(score)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read series points: " + e.getMessage(), e);
    }
  }

  /** The series' id, created if new (a concurrent creator wins: its id is read back). */
  private long id(Connection c, String project, String series) throws SQLException {
    Key key = new Key(project, series);
    Long cached = ids.get(key);
    if (cached != null) {
      return cached;
    }
    Long found = find(c, key);
    if (found == null) {
      try (PreparedStatement ps =
          c.prepareStatement("INSERT INTO series (project, name, created_at) VALUES (?, ?, ?)")) {
        ps.setString(1, project);
        ps.setString(2, series);
        ps.setObject(3, clock.instant().atOffset(ZoneOffset.UTC));
        ps.executeUpdate();
      } catch (SQLException e) {
        if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
          throw e;
        }
      }
      found = find(c, key);
      if (found == null) {
        throw new SQLException("series " + series + " was not created");
      }
    }
    if (ids.size() >= MAX_CACHED_IDS) {
      ids.clear();
    }
    ids.put(key, found);
    return found;
  }

  private static Long find(Connection c, Key key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT id FROM series WHERE project = ? AND name = ?")) {
      ps.setString(1, key.project());
      ps.setString(2, key.series());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }
}

package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.OptionalInt;

/** A project's own ingest rate ({@code project.events_per_minute}), empty for the default. */
public final class ProjectQuotas {
  private final Database db;

  public ProjectQuotas(Database db) {
    this.db = db;
  }

  /** The project's events per minute, empty when it has none of its own (or does not exist). */
  public OptionalInt eventsPerMinute(long projectId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT events_per_minute FROM project WHERE id = ?")) {
      ps.setLong(1, projectId);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          int n = rs.getInt(1);
          return rs.wasNull() ? OptionalInt.empty() : OptionalInt.of(n);
        }
        return OptionalInt.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read the quota of project " + projectId, e);
    }
  }

  /**
   * Sets (or, when empty, clears) a project's events per minute.
   *
   * @return whether the project exists
   */
  public boolean setEventsPerMinute(long projectId, OptionalInt perMinute) {
    if (perMinute.isPresent() && perMinute.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "events per minute must be positive, was " + perMinute.getAsInt());
    }
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE project SET events_per_minute = ? WHERE id = ?")) {
      if (perMinute.isPresent()) {
        ps.setInt(1, perMinute.getAsInt());
      } else {
        ps.setNull(1, Types.INTEGER);
      }
      ps.setLong(2, projectId);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw new StoreException("cannot set the quota of project " + projectId, e);
    }
  }
}

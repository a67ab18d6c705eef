package dev.kintsugi.server.circuit;

import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of rows keyed by {@code (project_id, method)} that are active until their {@code
 * expires_at}: the circuits and the faults. Errors become {@link StoreException}s saying what could
 * not be done.
 */
final class MethodRows {
  /** Writes a row with the connection given. */
  interface Insert {
    void into(Connection c) throws SQLException;
  }

  /** Reads the current row. */
  interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private final Database db;
  private final Clock clock;
  private final String table;
  private final String columns;

  MethodRows(Database db, Clock clock, String table, String columns) {
    this.db = db;
    this.clock = clock;
    this.table = table;
    this.columns = columns;
  }

  /** Replaces the method's row (expired or not) by the one {@code insert} writes, atomically. */
  void replace(long project, String method, Insert insert, String what) {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        delete(c, project, method);
        insert.into(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the method's row; how many there were (0 or 1). */
  int delete(long project, String method, String what) {
    try (Connection c = db.dataSource().getConnection()) {
      return delete(c, project, method);
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** The project's active rows by method name; only {@code method}'s when it is not null. */
  <T> List<T> active(long project, String method, Row<T> row, String what) {
    String sql =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE project_id = ? AND expires_at > ?"
            + (method == null ? "" : " AND method = ?")
            + " ORDER BY method";
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, project);
      ps.setObject(2, clock.instant().atOffset(ZoneOffset.UTC));
      if (method != null) {
        ps.setString(3, method);
      }
      List<T> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row.read(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
    }
  }

  private int delete(Connection c, long project, String method) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM " + table + " WHERE project_id = ? AND method = ?")) {
      ps.setLong(1, project);
      ps.setString(2, method);
      return ps.executeUpdate();
    }
  }
}

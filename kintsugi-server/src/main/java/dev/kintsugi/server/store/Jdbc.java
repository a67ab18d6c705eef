package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Conversions shared by the store's statements. */
final class Jdbc {
  private Jdbc() {}

  static void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
    ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** A nullable timestamp column. */
  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column) == null ? Optional.empty() : Optional.of(instant(rs, column));
  }

  static Optional<String> optional(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  static void setOptional(PreparedStatement ps, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }

  /**
   * The number of whole {@code seconds}-long periods since the epoch at timestamp {@code column},
   * in SQL that H2 2.x and PostgreSQL both run.
   */
  static String epochBucket(String column, long seconds) {
    return "FLOOR(EXTRACT(EPOCH FROM " + column + ") / " + seconds + ")";
  }

  /** Sets a statement's parameters. */
  interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs a query on a connection of its own; a failure is a {@link StoreException}. */
  static <T> List<T> query(Database db, String sql, Binder binder, Row<T> row) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.map(rs));
        }
        return out;
      }
    } catch (SQLException e) {
      throw new StoreException("query failed: " + e.getMessage(), e);
    }
  }
}

package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs statements in one transaction: committed together, or rolled back together. */
final class Tx {
  private Tx() {}

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  static <T> T run(Database db, Work<T> work) throws SQLException {
    try (Connection c = db.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }
}

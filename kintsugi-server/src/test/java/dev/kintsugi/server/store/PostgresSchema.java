package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh schema of its own on the PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (see {@link
 * PostgresStorageTest#pgUrl()}), for one test; dropped with everything in it afterwards.
 */
public final class PostgresSchema {
  private final String baseUrl;
  private final String name;

  /** Creates the schema, named {@code prefix} and a random suffix. */
  public PostgresSchema(String prefix) throws SQLException {
    this.baseUrl = PostgresStorageTest.pgUrl();
    this.name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + name);
  }

  /** The JDBC URL whose connections use the schema. */
  public String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + name;
  }

  public void drop() throws SQLException {
    execute("DROP SCHEMA " + name + " CASCADE");
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}

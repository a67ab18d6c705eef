package dev.kintsugi.server.circuit;

import dev.kintsugi.server.store.PostgresStorageTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/** The circuits on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own schema. */
class PostgresCircuitStoreTest extends CircuitStoreContract {
  private String baseUrl;
  private String schema;

  @Override
  String freshUrl() throws Exception {
    baseUrl = PostgresStorageTest.pgUrl();
    schema = "c_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  void dispose() throws Exception {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }
}

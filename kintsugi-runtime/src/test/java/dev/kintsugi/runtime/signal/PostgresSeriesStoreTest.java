package dev.kintsugi.runtime.signal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The series contract on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own schema;
 * skipped when unset, except in CI (as the server's PostgresStorageTest).
 */
class PostgresSeriesStoreTest extends SeriesStoreContract {
  private String baseUrl;
  private String schema;

  @Override
  String freshUrl() throws Exception {
    baseUrl = System.getenv("KINTSUGI_TEST_PG_URL");
    if (baseUrl == null || baseUrl.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("KINTSUGI_TEST_PG_URL is not set in CI: run .ci/postgres.sh before the tests");
      }
      assumeTrue(false, "KINTSUGI_TEST_PG_URL not set: PostgreSQL series tests skipped");
    }
    schema = "s_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  void dispose() throws Exception {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(baseUrl);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }
}

package dev.kintsugi.server.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

/**
 * The storage contract on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (see {@code .ci/postgres.sh}),
 * each test in its own schema. Skipped when the variable is unset, except in CI ({@code CI=true}),
 * where it must run.
 */
public class PostgresStorageTest extends StorageContract {
  private String baseUrl;
  private String schema;

  /** The test PostgreSQL URL; skips the calling test when unset (fails in CI). */
  public static String pgUrl() {
    String url = System.getenv("KINTSUGI_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("KINTSUGI_TEST_PG_URL is not set in CI: run .ci/postgres.sh before the tests");
      }
      assumeTrue(false, "KINTSUGI_TEST_PG_URL not set: PostgreSQL storage tests skipped");
    }
    return url;
  }

  @Override
  String freshUrl() throws Exception {
    baseUrl = pgUrl();
    schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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

package dev.kintsugi.server.store;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The storage contract on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (see {@code .ci/postgres.sh}),
 * each test in its own schema. Skipped when the variable is unset, except in CI ({@code CI=true}),
 * where it must run.
 */
public class PostgresStorageTest extends StorageContract {
  private PostgresSchema schema;

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
    schema = new PostgresSchema("t_");
    return schema.url();
  }

  @Override
  boolean uniqueEventIds() {
    return true;
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

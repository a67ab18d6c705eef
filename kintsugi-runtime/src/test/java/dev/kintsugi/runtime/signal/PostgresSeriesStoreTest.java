package dev.kintsugi.runtime.signal;

import dev.kintsugi.server.store.PostgresSchema;

/**
 * The series contract on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own schema;
 * skipped when unset, except in CI (as the server's PostgresStorageTest).
 */
class PostgresSeriesStoreTest extends SeriesStoreContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("s_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

package dev.kintsugi.runtime.signal;

import dev.kintsugi.server.store.PostgresSchema;

/**
 * Stored alerts on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}; skipped when unset, except in CI.
 */
class PostgresStoredAlertsTest extends StoredAlertsContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("sa_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

package dev.kintsugi.runtime.runbook;

import dev.kintsugi.server.store.PostgresSchema;

/**
 * The runbook engine on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (see {@code .ci/postgres.sh}),
 * each test in its own schema; skipped when unset, except in CI.
 */
class PostgresRunbookEngineTest extends RunbookEngineContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("r_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

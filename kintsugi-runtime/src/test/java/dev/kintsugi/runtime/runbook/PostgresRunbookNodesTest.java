package dev.kintsugi.runtime.runbook;

import dev.kintsugi.server.store.PostgresSchema;

/**
 * Two nodes' runbook engines on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own
 * schema; skipped when unset, except in CI.
 */
class PostgresRunbookNodesTest extends RunbookNodesContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("rn_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

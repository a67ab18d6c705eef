package dev.kintsugi.server.store;

/**
 * The heal lease contract on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (skipped when unset, except
 * in CI), each test in its own schema: the database several nodes share.
 */
class PostgresHealLeaseTest extends HealLeaseContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("l_");
    return schema.url();
  }

  @Override
  boolean oneProcess() {
    return false;
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

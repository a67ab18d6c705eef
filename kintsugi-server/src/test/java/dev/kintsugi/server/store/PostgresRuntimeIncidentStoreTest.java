package dev.kintsugi.server.store;

/**
 * Runtime incidents on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (skipped when unset, except in
 * CI), each test in its own schema.
 */
class PostgresRuntimeIncidentStoreTest extends RuntimeIncidentStoreContract {
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

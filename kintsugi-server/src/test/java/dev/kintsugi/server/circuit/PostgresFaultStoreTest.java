package dev.kintsugi.server.circuit;

import dev.kintsugi.server.store.PostgresSchema;

/** The faults on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own schema. */
class PostgresFaultStoreTest extends FaultStoreContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("f_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

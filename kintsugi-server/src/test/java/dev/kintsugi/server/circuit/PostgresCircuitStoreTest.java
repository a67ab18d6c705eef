package dev.kintsugi.server.circuit;

import dev.kintsugi.server.store.PostgresSchema;

/** The circuits on PostgreSQL at {@code KINTSUGI_TEST_PG_URL}, each test in its own schema. */
class PostgresCircuitStoreTest extends CircuitStoreContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("c_");
    return schema.url();
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
  }
}

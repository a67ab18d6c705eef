package dev.kintsugi.server.store;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One PostgreSQL shared by several servers, for a test: a fresh schema ({@link PostgresSchema}),
 * one project in it, and as many connection pools on it as the test has server processes. Closing
 * closes the pools and drops the schema.
 */
public final class SharedSchema implements AutoCloseable {
  private final PostgresSchema schema;
  private final List<Database> pools = new ArrayList<>();

  /** Read and written through the first pool. */
  public final Store store;

  /** A project named {@code svc}. */
  public final long project;

  public SharedSchema(String prefix) throws SQLException {
    schema = new PostgresSchema(prefix);
    try {
      store = new Store(pool(), Clock.systemUTC(), new SecureRandom());
      project = store.createProject("svc", Optional.empty(), List.of()).id();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A server's own connection pool on the schema. */
  public Database pool() {
    Database db = Database.open(schema.url());
    pools.add(db);
    return db;
  }

  /** The pool {@link #store} uses. */
  public Database first() {
    return pools.get(0);
  }

  /** The schema's JDBC URL, for a plain connection. */
  public String url() {
    return schema.url();
  }

  @Override
  public void close() throws SQLException {
    pools.forEach(Database::close);
    schema.drop();
  }
}

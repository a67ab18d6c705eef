package dev.kintsugi.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The server's database: a connection pool over H2 (embedded file, the default) or PostgreSQL, with
 * the schema brought up to date by Flyway on open.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final String url;

  private Database(HikariDataSource dataSource, Dialect dialect, String url) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.url = url;
  }

  /** The default embedded database: an H2 file under {@code home/.kintsugi/}. */
  public static String defaultUrl(Path home) {
    return "jdbc:h2:file:" + home.resolve(".kintsugi").resolve("kintsugi").toAbsolutePath();
  }

  /**
   * Connects and migrates the schema.
   *
   * @param jdbcUrl {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
   * @throws IllegalArgumentException for another kind of URL
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static Database open(String jdbcUrl) {
    Dialect dialect = Dialect.of(jdbcUrl);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setPoolName("kintsugi-db");
    config.setMaximumPoolSize(8);
    config.setMinimumIdle(2);
    config.setAutoCommit(true);
    config.setInitializationFailTimeout(10_000);
    if (dialect == Dialect.H2) {
      // A commit must reach the file before the request is acknowledged (kill -9 safe);
      // H2's default delays the write of committed data by up to 500 ms.
      config.setConnectionInitSql("SET WRITE_DELAY 0");
    } else {
      // The event writer's JDBC batches go to the server as multi-row INSERTs (one executor
      // run per up to 128 rows instead of one per row).
      config.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    HikariDataSource ds;
    try {
      ds = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException(
          "cannot open database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
    }
    try {
      var flyway =
          Flyway.configure()
              .dataSource(ds)
              .locations(
                  dialect == Dialect.H2
                      ? new String[] {"classpath:db/migration", "classpath:db/h2"}
                      : new String[] {"classpath:db/migration"})
              .failOnMissingLocations(true);
      if (dialect == Dialect.H2) {
        flyway.javaMigrations(new H2EventIncidentForeignKey());
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate database " + redact(jdbcUrl), e);
    }
    return new Database(ds, dialect, jdbcUrl);
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return dataSource;
  }

  Dialect dialect() {
    return dialect;
  }

  /** The URL without its password, for logs. */
  public String describe() {
    return redact(url);
  }

  /** Whether a write transaction commits now (for {@code /healthz}). */
  public boolean writable() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE project SET name = name WHERE id = -1");
      return !c.isReadOnly();
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}

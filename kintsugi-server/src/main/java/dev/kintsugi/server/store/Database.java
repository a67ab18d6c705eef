package dev.kintsugi.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
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
  private final Optional<H2Password> files;

  private Database(
      HikariDataSource dataSource, Dialect dialect, String url, Optional<H2Password> files) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.url = url;
    this.files = files;
  }

  /** The default embedded database: an H2 file under {@code home/.kintsugi/}. */
  public static String defaultUrl(Path home) {
    return "jdbc:h2:file:" + home.resolve(".kintsugi").resolve("kintsugi").toAbsolutePath();
  }

  /**
   * Connects and migrates the schema. An embedded H2 file database is private: its directory is
   * created 0700 (the default {@code ~/.kintsugi} is tightened to 0700 too), its files are 0600,
   * and it has a generated password kept beside it ({@link H2Password}).
   *
   * @param jdbcUrl {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
   * @throws IllegalArgumentException for another kind of URL
   * @throws StoreException when the database cannot be reached or migrated
   */
  /**
   * The files of an embedded H2 database at {@code jdbcUrl} that hold its data or its password
   * (empty for other databases): what must stay out of reach of code a heal runs.
   */
  public static java.util.List<Path> privateFiles(String jdbcUrl) {
    return H2Password.of(jdbcUrl, Path.of(System.getProperty("user.home")))
        .map(
            h2 ->
                java.util.List.of(
                    h2.dataFile(), h2.passwordFile(), h2.dir().resolve(h2.name() + ".trace.db")))
        .orElse(java.util.List.of());
  }

  /**
   * The data file of the embedded H2 database at {@code jdbcUrl}, or empty for another database:
   * for tools that must not create a database by opening it.
   */
  public static Optional<Path> embeddedFile(String jdbcUrl) {
    return H2Password.of(jdbcUrl, Path.of(System.getProperty("user.home")))
        .map(H2Password::dataFile);
  }

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
    Optional<H2Password> files =
        dialect == Dialect.H2
            ? H2Password.of(jdbcUrl, Path.of(System.getProperty("user.home")))
            : Optional.empty();
    if (files.isPresent()) {
      H2Password h2 = files.get();
      try {
        PrivateFiles.directory(h2.dir(), h2.dir().equals(defaultDir()));
        config.setPassword(h2.prepare(jdbcUrl, new SecureRandom()));
      } catch (IOException | SQLException e) {
        throw new StoreException(
            "cannot open database " + redact(jdbcUrl) + ": " + e.getMessage(), e);
      }
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
                      : new String[] {"classpath:db/migration", "classpath:db/postgresql"})
              .failOnMissingLocations(true);
      if (dialect == Dialect.H2) {
        flyway.javaMigrations(new H2EventIncidentForeignKey());
      }
      flyway.load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw new StoreException("cannot migrate database " + redact(jdbcUrl), e);
    }
    Database db = new Database(ds, dialect, jdbcUrl, files);
    try {
      db.restrictFiles();
    } catch (StoreException e) {
      ds.close();
      throw e;
    }
    return db;
  }

  /** Kintsugi's own data directory, {@code ~/.kintsugi}: tightened even when it exists. */
  private static Path defaultDir() {
    return Path.of(System.getProperty("user.home"), ".kintsugi").toAbsolutePath().normalize();
  }

  /** H2 makes its files with the umask's mode; 0600 after open and again at close (trace file). */
  private void restrictFiles() {
    if (files.isPresent()) {
      try {
        PrivateFiles.restrict(files.get().dir(), files.get().name() + ".");
      } catch (IOException e) {
        throw new StoreException("cannot make the database files private: " + e.getMessage(), e);
      }
    }
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
    try {
      restrictFiles();
    } catch (StoreException e) {
      // closed all the same; the next open tries again
    }
  }

  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}

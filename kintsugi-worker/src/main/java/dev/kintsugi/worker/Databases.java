package dev.kintsugi.worker;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The contents of the databases a Spring context holds (its {@link DataSource} beans, typically an
 * embedded H2, HSQLDB or Derby), as one digest: every row of every user table, read through JDBC. A
 * test that commits rows (through a REST call, outside Spring's test transaction) leaves them for
 * the next candidate; comparing the digest before and after a candidate tells the warm session to
 * rebuild that context. Test databases are small; one larger than {@link #MAX_ROWS} rows is not
 * read, and its context is treated as changed after every candidate (rebuilt from scratch).
 */
final class Databases {

  static final int MAX_ROWS = 50_000;

  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("INFORMATION_SCHEMA", "SYSTEM_LOBS", "PG_CATALOG", "SYS", "SYSIBM", "SYSCAT");

  private Databases() {}

  /** The data sources among a context's singletons. */
  static List<DataSource> of(List<Object> singletons) {
    List<DataSource> sources = new ArrayList<>();
    for (Object bean : singletons) {
      if (bean instanceof DataSource source) {
        sources.add(source);
      }
    }
    return sources;
  }

  /** A digest of every user table's rows, or empty when it cannot be read or is too large. */
  static Optional<String> digest(List<DataSource> sources) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      int rows = 0;
      for (DataSource source : sources) {
        try (Connection connection = source.getConnection()) {
          for (String table : tables(connection.getMetaData())) {
            digest.update(table.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
              int columns = result.getMetaData().getColumnCount();
              while (result.next()) {
                if (++rows > MAX_ROWS) {
                  return Optional.empty();
                }
                for (int c = 1; c <= columns; c++) {
                  digest.update(
                      String.valueOf(result.getObject(c))
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  digest.update((byte) 0);
                }
                digest.update((byte) '\n');
              }
            }
          }
        }
      }
      return Optional.of(HexFormat.of().formatHex(digest.digest()));
    } catch (SQLException | RuntimeException | NoSuchAlgorithmException e) {
      return Optional.empty();
    }
  }

  /** Qualified, quoted names of the user tables, in a stable order. */
  private static List<String> tables(DatabaseMetaData meta) throws SQLException {
    List<String> names = new ArrayList<>();
    String quote = meta.getIdentifierQuoteString().strip();
    try (ResultSet tables = meta.getTables(null, null, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        String schema = tables.getString("TABLE_SCHEM");
        if (schema != null && SYSTEM_SCHEMAS.contains(schema.toUpperCase(java.util.Locale.ROOT))) {
          continue;
        }
        String table = quote + tables.getString("TABLE_NAME") + quote;
        names.add(schema == null ? table : quote + schema + quote + "." + table);
      }
    }
    names.sort(null);
    return names;
  }
}

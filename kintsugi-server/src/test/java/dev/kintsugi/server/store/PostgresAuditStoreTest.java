package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (skipped when unset, except in CI),
 * each test in its own schema; there the table also refuses changes.
 */
class PostgresAuditStoreTest extends AuditStoreContract {
  private String baseUrl;
  private String schema;

  @Override
  String freshUrl() throws Exception {
    baseUrl = PostgresStorageTest.pgUrl();
    schema = "a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  void allowTampering(Statement s) throws SQLException {
    // What the table's owner can do: the hash chain is what catches it then.
    s.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
  }

  @Override
  void dispose() throws Exception {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    }
  }

  @Test
  void theTableRefusesUpdatesDeletesAndTruncation() throws Exception {
    audit.append(1L, null, null, dev.kintsugi.core.audit.AuditRecord.system("x.y"));
    for (String sql :
        new String[] {
          "UPDATE audit_entry SET actor = 'mallory'",
          "DELETE FROM audit_entry",
          "TRUNCATE audit_entry"
        }) {
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement()) {
        assertThatThrownBy(() -> s.executeUpdate(sql))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("append-only");
      }
    }
    org.assertj.core.api.Assertions.assertThat(audit.verify(Optional.empty()).ok()).isTrue();
  }
}

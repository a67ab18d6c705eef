package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The audit trail on PostgreSQL at {@code KINTSUGI_TEST_PG_URL} (skipped when unset, except in CI),
 * each test in its own schema; there the table also refuses changes.
 */
class PostgresAuditStoreTest extends AuditStoreContract {
  private PostgresSchema schema;

  @Override
  String freshUrl() throws Exception {
    schema = new PostgresSchema("a_");
    return schema.url();
  }

  @Override
  void allowTampering(Statement s) throws SQLException {
    // What the table's owner can do: the hash chain is what catches it then.
    s.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
  }

  @Override
  void dispose() throws Exception {
    schema.drop();
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

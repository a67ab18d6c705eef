package dev.kintsugi.server.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * H2 only, migration 20.1: drops the foreign key of {@code event.incident_id}.
 *
 * <p>H2 gives every foreign key an index of exactly its columns, so {@code event} had two indexes
 * keyed by incident: the key's {@code (incident_id)} and {@code event_by_incident (incident_id,
 * id)}, which the latest-event query needs. Both are scattered (one leaf per incident touched), and
 * H2's copy-on-write store re-serialises every touched leaf on each commit; with the key's per-row
 * check, they cost about a third of the event writer's CPU. Only {@link EventWriter} inserts
 * events, with incident ids it read or created in the same database, and nothing deletes incidents,
 * so the reference holds without the check (a future delete must remove the incident's events
 * first, as PostgreSQL's key requires anyway). PostgreSQL keeps its foreign key (it creates no
 * index for it). The constraint has a generated name, hence a Java migration that looks it up.
 */
final class H2EventIncidentForeignKey implements JavaMigration {

  @Override
  public MigrationVersion getVersion() {
    return MigrationVersion.fromVersion("20.1");
  }

  @Override
  public String getDescription() {
    return "h2 drop event incident foreign key";
  }

  @Override
  public Integer getChecksum() {
    return 20_1;
  }

  @Override
  public boolean canExecuteInTransaction() {
    return true;
  }

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT rc.CONSTRAINT_NAME FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS rc"
                    + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k"
                    + " ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA"
                    + " AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME"
                    + " WHERE k.TABLE_SCHEMA = CURRENT_SCHEMA AND k.TABLE_NAME = 'EVENT'"
                    + " AND k.COLUMN_NAME = 'INCIDENT_ID'")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    try (Statement s = c.createStatement()) {
      for (String name : names) {
        s.execute("ALTER TABLE event DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
      }
    }
  }
}

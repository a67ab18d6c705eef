package dev.kintsugi.server.store;

/**
 * A cheap fingerprint of everything the dashboard shows: it changes when an event arrives, an
 * incident is created or moved, a heal run starts, advances a stage or ends, a runbook run starts,
 * acts, recovers or ends or one of its steps starts or ends, or anything is audited. Read from the
 * database (not from this process's own hooks), so a dashboard sees what every server and worker
 * sharing the database did.
 */
public final class ActivityStamp {
  private final Database db;

  public ActivityStamp(Database db) {
    this.db = db;
  }

  /** The current stamp; equal stamps mean nothing the dashboard shows has changed. */
  public String read() {
    return Jdbc.query(
            db,
            "SELECT (SELECT COUNT(*) FROM incident) AS incidents,"
                + " (SELECT COALESCE(SUM(event_count), 0) FROM incident) AS events,"
                + " (SELECT MAX(updated_at) FROM heal_run) AS runs,"
                + " (SELECT COUNT(*) FROM heal_run_step) AS steps,"
                + " (SELECT last_seq FROM audit_sequence WHERE id = 1) AS audited,"
                + " (SELECT COUNT(*) + COUNT(acted_at) + COUNT(recovered_at) + COUNT(ended_at)"
                + " FROM runbook_run) AS runbook_runs,"
                + " (SELECT COUNT(*) + COUNT(ended_at) FROM runbook_run_step) AS runbook_steps",
            ps -> {},
            rs ->
                rs.getLong("incidents")
                    + "-"
                    + rs.getLong("events")
                    + "-"
                    + rs.getString("runs")
                    + "-"
                    + rs.getLong("steps")
                    + "-"
                    + rs.getLong("audited")
                    + "-"
                    + rs.getLong("runbook_runs")
                    + "-"
                    + rs.getLong("runbook_steps"))
        .get(0);
  }
}

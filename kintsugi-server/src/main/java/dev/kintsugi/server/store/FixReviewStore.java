package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * People's verdicts on fixes ({@code heal_run.review}, V28), each stored with what it changes and
 * its audit entry ({@code heal.reviewed}, actor: the person) in one transaction. A fix can be
 * reviewed while it is fixed, not merged and not rejected: an approval that was not merged may be
 * given again, or turned into a rejection; a rejection is final. The approval Kintsugi merged is
 * stored by {@link FixWatchStore#mergedOnApproval}, with its watch.
 */
public final class FixReviewStore {

  /** The run cannot be reviewed (any more): not fixed, merged, rejected already, or unknown. */
  public static final class ReviewRefused extends RuntimeException {
    ReviewRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** Longest note a review keeps ({@code heal_run.review_note}). */
  static final int MAX_NOTE = 4000;

  private final Database db;
  private final Clock clock;
  private final AuditStore audit;

  public FixReviewStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.audit = new AuditStore(db, clock);
  }

  /**
   * A person approved the fix, which was not merged: stores it, with what became of it.
   *
   * @param outcome what the approval did ({@code approved_not_merged})
   * @param note why it was not merged and what a person has to do
   * @throws ReviewRefused when the run can no longer be approved
   */
  public void approved(long runId, String by, String outcome, String note) {
    try {
      Tx.run(
          db,
          c -> {
            RunIds run = ids(c, runId);
            mark(c, runId, HealRun.Review.APPROVED, by, Optional.of(note), clock.instant());
            audit.append(
                c,
                List.of(
                    run.draft(
                        reviewed(by, HealRun.Review.APPROVED, outcome, note, Optional.empty()))));
            return null;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store the approval: " + e.getMessage(), e);
    }
  }

  /**
   * A person rejected the fix: stores it and, when the run is its incident's latest and the
   * incident waits on its fix ({@code fix_proposed}), moves the incident back to {@code open}
   * ({@code incident.status_changed}, actor: the person), so it can be healed again.
   *
   * @param reason why, if they said
   * @param summary what the rejection did (pull request closed, branch kept, ledger told)
   * @return whether the incident was reopened
   * @throws ReviewRefused when the run can no longer be rejected
   */
  public boolean rejected(long runId, String by, Optional<String> reason, String summary) {
    try {
      return Tx.run(
          db,
          c -> {
            RunIds run = ids(c, runId);
            mark(c, runId, HealRun.Review.REJECTED, by, reason, clock.instant());
            List<AuditStore.Draft> trail = new ArrayList<>();
            trail.add(
                run.draft(reviewed(by, HealRun.Review.REJECTED, "rejected", summary, reason)));
            boolean reopened = false;
            if (latest(c, run.incident()) == runId) {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE incident SET status = 'open' WHERE id = ? AND status = ?")) {
                ps.setLong(1, run.incident());
                ps.setString(2, IncidentStatus.FIX_PROPOSED.wireName());
                reopened = ps.executeUpdate() == 1;
              }
            }
            if (reopened) {
              trail.add(
                  run.draft(
                      AuditRecord.by(
                          by,
                          "incident.status_changed",
                          "from",
                          IncidentStatus.FIX_PROPOSED.wireName(),
                          "to",
                          IncidentStatus.OPEN.wireName(),
                          "why",
                          "its fix was rejected")));
            }
            audit.append(c, trail);
            return reopened;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot store the rejection: " + e.getMessage(), e);
    }
  }

  /**
   * Stores a verdict on a run that may still be reviewed (compare and set), in the caller's
   * transaction.
   *
   * @throws ReviewRefused when it may not
   */
  static void mark(
      Connection c, long runId, String verdict, String by, Optional<String> note, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE heal_run SET review = ?, reviewed_by = ?, reviewed_at = ?, review_note = ?"
                + " WHERE id = ? AND status = 'fixed' AND merge_commit IS NULL"
                + " AND merged_by IS NULL AND (review IS NULL OR review = ?)")) {
      ps.setString(1, verdict);
      ps.setString(2, by);
      Jdbc.setInstant(ps, 3, at);
      Jdbc.setOptional(ps, 4, note.map(n -> shorten(n, MAX_NOTE)));
      ps.setLong(5, runId);
      ps.setString(6, HealRun.Review.APPROVED);
      if (ps.executeUpdate() != 1) {
        throw new ReviewRefused(
            "heal run " + runId + " cannot be reviewed: it is not a fix waiting for a verdict");
      }
    }
  }

  /** The entry that records a verdict: {@code heal.reviewed}, by the person. */
  static AuditRecord reviewed(
      String by, String verdict, String outcome, String summary, Optional<String> reason) {
    return AuditRecord.by(
        by,
        "heal.reviewed",
        "verdict",
        verdict,
        "outcome",
        outcome,
        "summary",
        summary,
        "reason",
        reason.orElse(""));
  }

  /** A run's incident and project. */
  private record RunIds(long run, long incident, long project) {
    AuditStore.Draft draft(AuditRecord record) {
      return new AuditStore.Draft(project, incident, run, record);
    }
  }

  private static RunIds ids(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.incident_id, i.project_id FROM heal_run r"
                + " JOIN incident i ON i.id = r.incident_id WHERE r.id = ?")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new ReviewRefused("no heal run " + runId);
        }
        return new RunIds(runId, rs.getLong(1), rs.getLong(2));
      }
    }
  }

  /** The id of the incident's latest run. */
  private static long latest(Connection c, long incidentId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(id) FROM heal_run WHERE incident_id = ?")) {
      ps.setLong(1, incidentId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

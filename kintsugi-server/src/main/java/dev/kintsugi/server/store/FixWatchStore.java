package dev.kintsugi.server.store;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.incident.RevertOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Watch after release ({@code fix_watch}, V26). A merged fix (merged by its heal, or reported
 * merged by a person) starts a watch and resolves its incident; the recurrence watch reads the
 * incident's later events ({@link #eventsAfter}), and a release that contains the fix makes the
 * watch and the incident {@code regressed} ({@link #regressed}); what reverting it did is kept
 * ({@link #reverted}). Each change is recorded in the audit trail in its own transaction.
 */
public final class FixWatchStore {

  /** Why a merge cannot be recorded: the run has no fix, or its fix was merged already. */
  public static final class MergeRefused extends RuntimeException {
    MergeRefused(String message) {
      super(message, null, false, false);
    }
  }

  /** An event of a watched incident: its row id, its id, and the release it names (if any). */
  public record Sighting(long rowId, String eventId, Optional<String> release) {}

  private static final String COLUMNS =
      "w.id, w.incident_id, i.project_id, w.heal_run_id, w.fingerprint, w.repository,"
          + " w.fix_commit, w.merge_commit, w.since, w.state, w.last_event_id, w.regressed_in,"
          + " w.regressed_at, w.revert_branch, w.revert_commit, w.revert_pr_url,"
          + " w.revert_pr_number, w.revert_summary, w.ledger";

  private final Database db;
  private final Clock clock;
  private final AuditStore audit;

  public FixWatchStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.audit = new AuditStore(db, clock);
  }

  /**
   * Starts watching the fix a heal merged (the run's merge commit is stored already) and resolves
   * its incident; recorded ({@code watch.started}).
   *
   * @throws MergeRefused when the run has no merged fix
   */
  public FixWatch watchMergedRun(long runId) {
    try {
      return Tx.run(
          db,
          c -> {
            Run run = run(c, runId);
            if (run.mergeCommit().isEmpty()) {
              throw new MergeRefused("heal run " + runId + " has no merged fix");
            }
            List<AuditStore.Draft> trail = new ArrayList<>();
            FixWatch watch = start(c, run, run.mergeCommit(), trail);
            audit.append(c, trail);
            return watch;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot start watching the fix: " + e.getMessage(), e);
    }
  }

  /**
   * Records that a person merged a run's fix ({@code pull_request.merged}, with them as actor),
   * resolves the incident and starts watching the fix ({@code watch.started}), in one transaction.
   *
   * @param mergeCommit the commit that merged it, when the person knows it (already checked to be a
   *     commit id)
   * @param by who merged it (already checked)
   * @throws MergeRefused when the run did not fix anything, or its fix was merged already
   */
  public FixWatch merged(long runId, Optional<String> mergeCommit, String by) {
    return merge(
        runId,
        mergeCommit,
        by,
        (c, run, trail) ->
            trail.add(
                new AuditStore.Draft(
                    run.projectId(),
                    run.incidentId(),
                    runId,
                    new AuditRecord(
                        "pull_request.merged",
                        by,
                        ordered(
                            "url",
                            run.pullRequest().orElse(""),
                            "mergeCommit",
                            mergeCommit.orElse(""),
                            "fixCommit",
                            run.fixCommit().get(),
                            "how",
                            "reported merged through the API")))));
  }

  /**
   * Records that Kintsugi merged a run's fix because a person approved it (the healer recorded the
   * merge itself): the approval ({@code heal.reviewed}, with them as actor) and the merge, resolves
   * the incident and starts watching the fix ({@code watch.started}), in one transaction.
   *
   * @param by who approved it (already checked)
   * @param summary what the merge did, one line
   * @throws MergeRefused when the run did not fix anything, or its fix was merged already
   * @throws FixReviewStore.ReviewRefused when the run was rejected meanwhile
   */
  public FixWatch mergedOnApproval(long runId, String mergeCommit, String by, String summary) {
    return merge(
        runId,
        Optional.of(mergeCommit),
        by,
        (c, run, trail) -> {
          FixReviewStore.mark(
              c, runId, HealRun.Review.APPROVED, by, Optional.of(summary), clock.instant());
          trail.add(
              new AuditStore.Draft(
                  run.projectId(),
                  run.incidentId(),
                  runId,
                  FixReviewStore.reviewed(
                      by, HealRun.Review.APPROVED, "merged", summary, Optional.empty())));
        });
  }

  /** What a merge records besides the merge itself: its own statements and entries. */
  private interface MergeRecord {
    void add(Connection c, Run run, List<AuditStore.Draft> trail) throws SQLException;
  }

  private FixWatch merge(long runId, Optional<String> mergeCommit, String by, MergeRecord record) {
    try {
      return Tx.run(
          db,
          c -> {
            Run run = run(c, runId);
            if (!"fixed".equals(run.status()) || run.fixCommit().isEmpty()) {
              throw new MergeRefused(
                  "heal run " + runId + " has no fix to merge (status " + run.status() + ")");
            }
            if (run.mergeCommit().isPresent() || run.mergedBy().isPresent()) {
              throw new MergeRefused(
                  "the fix of heal run "
                      + runId
                      + " was merged already, by "
                      + run.mergedBy().orElse("kintsugi"));
            }
            List<AuditStore.Draft> trail = new ArrayList<>();
            record.add(c, run, trail);
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE heal_run SET merge_commit = ?, merged_by = ?, merged_at = ?"
                        + " WHERE id = ? AND merged_by IS NULL")) {
              Jdbc.setOptional(ps, 1, mergeCommit);
              ps.setString(2, by);
              Jdbc.setInstant(ps, 3, clock.instant());
              ps.setLong(4, runId);
              if (ps.executeUpdate() != 1) {
                throw new MergeRefused("the fix of heal run " + runId + " was merged already");
              }
            }
            FixWatch watch = start(c, run, mergeCommit, trail);
            audit.append(c, trail);
            return watch;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot record the merge: " + e.getMessage(), e);
    }
  }

  /** The watches still watching, oldest first. */
  public List<FixWatch> watching() {
    return query(
        "SELECT "
            + COLUMNS
            + " FROM fix_watch w JOIN incident i ON i.id = w.incident_id"
            + " WHERE w.state = 'watching' ORDER BY w.id",
        ps -> {});
  }

  /** The incident's latest watch, if it ever had one. */
  public Optional<FixWatch> latest(long incidentId) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM fix_watch w JOIN incident i ON i.id = w.incident_id"
                + " WHERE w.incident_id = ? ORDER BY w.id DESC",
            ps -> {
              ps.setLong(1, incidentId);
              ps.setMaxRows(1);
            })
        .stream()
        .findFirst();
  }

  /** One watch. */
  public Optional<FixWatch> get(long watchId) {
    return query(
            "SELECT "
                + COLUMNS
                + " FROM fix_watch w JOIN incident i ON i.id = w.incident_id WHERE w.id = ?",
            ps -> ps.setLong(1, watchId))
        .stream()
        .findFirst();
  }

  /** The watched incident's events after those looked at, oldest first, at most {@code limit}. */
  public List<Sighting> eventsAfter(FixWatch watch, int limit) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT id, event_id, release_name FROM event WHERE incident_id = ? AND id > ?"
                    + " ORDER BY id")) {
      ps.setLong(1, watch.incidentId());
      ps.setLong(2, watch.lastEventId());
      ps.setMaxRows(limit);
      List<Sighting> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Sighting(
                  rs.getLong(1),
                  rs.getString(2),
                  Optional.ofNullable(rs.getString(3)).filter(r -> !r.isBlank())));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the watched incident's events: " + e.getMessage(), e);
    }
  }

  /** The events up to row {@code lastEventId} were looked at. */
  public void advance(long watchId, long lastEventId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE fix_watch SET last_event_id = ? WHERE id = ? AND state = 'watching'"
                    + " AND last_event_id < ?")) {
      ps.setLong(1, lastEventId);
      ps.setLong(2, watchId);
      ps.setLong(3, lastEventId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot advance the watch: " + e.getMessage(), e);
    }
  }

  /**
   * The fix came back: an event of {@code release}, which contains it, shows the error again. The
   * watch becomes {@code regressed}, the incident too (from {@code resolved}), recorded ({@code
   * incident.regressed} with the release and the fix's commits) in one transaction. False when the
   * watch no longer watches (another server, or a later merge, took it).
   */
  public boolean regressed(FixWatch watch, Sighting event) {
    try {
      return Tx.run(
          db,
          c -> {
            Instant now = clock.instant();
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE fix_watch SET state = 'regressed', regressed_in = ?, regressed_at = ?,"
                        + " last_event_id = ? WHERE id = ? AND state = 'watching'")) {
              ps.setString(1, shorten(event.release().orElse(""), 200));
              Jdbc.setInstant(ps, 2, now);
              ps.setLong(3, Math.max(event.rowId(), watch.lastEventId()));
              ps.setLong(4, watch.id());
              if (ps.executeUpdate() != 1) {
                return false;
              }
            }
            String from;
            try (PreparedStatement ps =
                c.prepareStatement("SELECT status FROM incident WHERE id = ?")) {
              ps.setLong(1, watch.incidentId());
              try (ResultSet rs = ps.executeQuery()) {
                from = rs.next() ? rs.getString(1) : "";
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE incident SET status = 'regressed' WHERE id = ? AND status = 'resolved'")) {
              ps.setLong(1, watch.incidentId());
              ps.executeUpdate();
            }
            audit.append(
                c,
                List.of(
                    new AuditStore.Draft(
                        watch.projectId(),
                        watch.incidentId(),
                        watch.healRunId(),
                        AuditRecord.system(
                            "incident.regressed",
                            "eventId",
                            event.eventId(),
                            "release",
                            event.release().orElse(""),
                            "fixCommit",
                            watch.fixCommit(),
                            "mergeCommit",
                            watch.mergeCommit().orElse(""),
                            "from",
                            from,
                            "why",
                            "an event of a release that contains the merged fix"))));
            return true;
          });
    } catch (SQLException e) {
      throw new StoreException("cannot record the regression: " + e.getMessage(), e);
    }
  }

  /** Keeps what reverting the regressed fix did. */
  public void reverted(long watchId, RevertOutcome outcome) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE fix_watch SET revert_branch = ?, revert_commit = ?, revert_pr_url = ?,"
                    + " revert_pr_number = ?, revert_summary = ?, ledger = ? WHERE id = ?")) {
      Jdbc.setOptional(ps, 1, outcome.branch().map(b -> shorten(b, 300)));
      Jdbc.setOptional(ps, 2, outcome.commit().map(b -> shorten(b, 64)));
      Jdbc.setOptional(ps, 3, outcome.pullRequest().map(pr -> shorten(pr.url(), 2000)));
      if (outcome.pullRequest().isPresent()) {
        ps.setInt(4, outcome.pullRequest().get().number());
      } else {
        ps.setNull(4, Types.INTEGER);
      }
      ps.setString(5, shorten(outcome.summary(), 4000));
      ps.setString(6, shorten(outcome.ledger(), 1000));
      ps.setLong(7, watchId);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw new StoreException("cannot store the revert: " + e.getMessage(), e);
    }
  }

  /** A heal run and what the watch needs of it. */
  private record Run(
      long id,
      long incidentId,
      long projectId,
      String status,
      Optional<String> fixCommit,
      Optional<String> pullRequest,
      Optional<String> mergeCommit,
      Optional<String> mergedBy,
      String fingerprint,
      Optional<String> repository) {}

  private static Run run(Connection c, long runId) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT r.id, r.incident_id, i.project_id, r.status, r.commit_sha, r.pull_request,"
                + " r.merge_commit, r.merged_by, i.fingerprint, p.repo FROM heal_run r"
                + " JOIN incident i ON i.id = r.incident_id JOIN project p ON p.id = i.project_id"
                + " WHERE r.id = ?")) {
      ps.setLong(1, runId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new MergeRefused("no heal run " + runId);
        }
        return new Run(
            rs.getLong(1),
            rs.getLong(2),
            rs.getLong(3),
            rs.getString(4),
            Optional.ofNullable(rs.getString(5)),
            Optional.ofNullable(rs.getString(6)),
            Optional.ofNullable(rs.getString(7)),
            Optional.ofNullable(rs.getString(8)),
            rs.getString(9),
            Optional.ofNullable(rs.getString(10)));
      }
    }
  }

  /**
   * Inserts the watch (replacing the incident's earlier ones), from the incident's newest event on,
   * and resolves the incident.
   */
  private FixWatch start(
      Connection c, Run run, Optional<String> mergeCommit, List<AuditStore.Draft> trail)
      throws SQLException {
    if (run.fixCommit().isEmpty() || run.repository().isEmpty()) {
      throw new MergeRefused("heal run " + run.id() + " has no fix commit in a repository");
    }
    Instant now = clock.instant();
    long lastEvent;
    try (PreparedStatement ps =
        c.prepareStatement("SELECT MAX(id) FROM event WHERE incident_id = ?")) {
      ps.setLong(1, run.incidentId());
      try (ResultSet rs = ps.executeQuery()) {
        lastEvent = rs.next() ? rs.getLong(1) : 0;
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE fix_watch SET state = 'replaced' WHERE incident_id = ? AND state = 'watching'")) {
      ps.setLong(1, run.incidentId());
      ps.executeUpdate();
    }
    long id;
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO fix_watch (incident_id, heal_run_id, fingerprint, repository, fix_commit,"
                + " merge_commit, since, state, last_event_id) VALUES (?, ?, ?, ?, ?, ?, ?,"
                + " 'watching', ?)",
            Statement.RETURN_GENERATED_KEYS)) {
      ps.setLong(1, run.incidentId());
      ps.setLong(2, run.id());
      ps.setString(3, run.fingerprint());
      ps.setString(4, run.repository().get());
      ps.setString(5, run.fixCommit().get());
      Jdbc.setOptional(ps, 6, mergeCommit);
      Jdbc.setInstant(ps, 7, now);
      ps.setLong(8, lastEvent);
      ps.executeUpdate();
      try (ResultSet rs = ps.getGeneratedKeys()) {
        rs.next();
        id = rs.getLong(1);
      }
    }
    String from;
    try (PreparedStatement ps = c.prepareStatement("SELECT status FROM incident WHERE id = ?")) {
      ps.setLong(1, run.incidentId());
      try (ResultSet rs = ps.executeQuery()) {
        from = rs.next() ? rs.getString(1) : "";
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE incident SET status = 'resolved' WHERE id = ?"
                + " AND status IN ('healing', 'fix_proposed', 'open', 'regressed')")) {
      ps.setLong(1, run.incidentId());
      ps.executeUpdate();
    }
    trail.add(
        new AuditStore.Draft(
            run.projectId(),
            run.incidentId(),
            run.id(),
            AuditRecord.system(
                "watch.started",
                "fingerprint",
                run.fingerprint(),
                "fixCommit",
                run.fixCommit().get(),
                "mergeCommit",
                mergeCommit.orElse(""),
                "incidentFrom",
                from,
                "incidentTo",
                "resolved")));
    return new FixWatch(
        id,
        run.incidentId(),
        run.projectId(),
        run.id(),
        run.fingerprint(),
        run.repository().get(),
        run.fixCommit().get(),
        mergeCommit,
        now,
        FixWatch.WATCHING,
        lastEvent,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  private interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  private List<FixWatch> query(String sql, Binder binder) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<FixWatch> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(watch(rs));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException("cannot read the watches: " + e.getMessage(), e);
    }
  }

  private static FixWatch watch(ResultSet rs) throws SQLException {
    int prNumber = rs.getInt(17);
    boolean noPr = rs.wasNull();
    java.time.OffsetDateTime regressedAt = rs.getObject(13, java.time.OffsetDateTime.class);
    return new FixWatch(
        rs.getLong(1),
        rs.getLong(2),
        rs.getLong(3),
        rs.getLong(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        Optional.ofNullable(rs.getString(8)),
        rs.getObject(9, java.time.OffsetDateTime.class).toInstant(),
        rs.getString(10),
        rs.getLong(11),
        Optional.ofNullable(rs.getString(12)),
        Optional.ofNullable(regressedAt).map(java.time.OffsetDateTime::toInstant),
        Optional.ofNullable(rs.getString(14)),
        Optional.ofNullable(rs.getString(15)),
        Optional.ofNullable(rs.getString(16)),
        noPr ? Optional.empty() : Optional.of(prNumber),
        Optional.ofNullable(rs.getString(18)),
        Optional.ofNullable(rs.getString(19)));
  }

  private static Map<String, String> ordered(String... keyValues) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.put(keyValues[i], keyValues[i + 1]);
    }
    return out;
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}

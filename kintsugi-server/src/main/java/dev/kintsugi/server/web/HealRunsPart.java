package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.FixWatch;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.HealStep;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.TimedStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The heal runs of an incident as its page shows them, newest first: each run's status and stages
 * with their timings; for the latest run that ended, what its report and audit entries say
 * (reproduction, suspicious lines, candidates, the fix, its confidence, the policy's decision, the
 * pull request); and the fix watched after release.
 */
final class HealRunsPart {
  static final int MAX_RUNS = 20;
  static final int MAX_CANDIDATES = 200;
  static final int SUMMARY_CHARS = 2000;

  /**
   * A stage as stored, with how long it took ({@link TimedStep}).
   *
   * @param ms -1 for the stage in progress
   */
  record Stage(String stage, String message, When at, long ms, String took) {}

  /**
   * A pull request or other link from stored text.
   *
   * @param href the URL when it may be a link (http or https), else null
   * @param text what is shown
   */
  record Link(String href, String text) {}

  /**
   * A person's verdict on a run's fix.
   *
   * @param note why it was rejected, or what became of the approval
   */
  record Review(String verdict, String by, When at, String note) {}

  /**
   * @param review the verdict given on its fix, or null
   */
  record Run(
      long id,
      String status,
      String trigger,
      When created,
      String summary,
      List<Stage> stages,
      boolean active,
      String decision,
      String branch,
      String commit,
      Link pullRequest,
      boolean merged,
      String mergedBy,
      String mergeCommit,
      Review review) {}

  /** A candidate fix's verdict, from the audit trail ({@code candidate.accepted|refused}). */
  record Candidate(
      boolean accepted,
      String repairer,
      String description,
      String file,
      String gate,
      String evidence) {}

  record Watch(
      String state,
      String since,
      String fixCommit,
      String mergeCommit,
      String regressedIn,
      String regressedAt,
      String revert,
      Link revertPullRequest,
      String ledger) {}

  /**
   * What the latest run that ended left.
   *
   * @param reviewable its fix can be approved or rejected: fixed and not merged
   */
  record Details(
      Run run,
      ReportView report,
      List<Candidate> candidates,
      boolean candidatesCapped,
      boolean reviewable) {}

  /**
   * The part.
   *
   * @param details the latest ended run's, or null when none ended
   * @param waiting why a due heal waits, or ""
   * @param watch the incident's latest watched fix, or null
   * @param csrf the session's token, for the review forms
   */
  record Runs(
      long incidentId,
      List<Run> runs,
      int total,
      Details details,
      String waiting,
      Watch watch,
      String csrf) {}

  private final Store store;
  private final HealRunStore runs;
  private final AuditStore audit;
  private final FixWatchStore watches;
  private final ObjectMapper json;

  HealRunsPart(
      Store store, HealRunStore runs, AuditStore audit, FixWatchStore watches, ObjectMapper json) {
    this.store = store;
    this.runs = runs;
    this.audit = audit;
    this.watches = watches;
    this.json = json;
  }

  Runs read(long incidentId, Instant now, String csrf) {
    List<HealRun> all = new ArrayList<>(store.healRuns(incidentId));
    // Read after the runs: a run seen ended has its done step (stored before the end) here too.
    Map<Long, List<HealStep>> steps = runs.incidentSteps(incidentId);
    java.util.Collections.reverse(all);
    List<Run> shown = new ArrayList<>();
    for (HealRun r : all.subList(0, Math.min(MAX_RUNS, all.size()))) {
      shown.add(run(r, steps.getOrDefault(r.id(), List.of()), now));
    }
    Details details = null;
    for (int i = 0; i < shown.size() && details == null; i++) {
      HealRun r = all.get(i);
      if (HealRunStore.FINAL.contains(r.status())) {
        details = details(r, shown.get(i));
      }
    }
    return new Runs(
        incidentId,
        shown,
        all.size(),
        details,
        runs.waiting(incidentId).map(w -> JsonText.cut(w, SUMMARY_CHARS)).orElse(""),
        watches.latest(incidentId).map(HealRunsPart::watch).orElse(null),
        csrf);
  }

  private Details details(HealRun r, Run shown) {
    ReportView report = runs.report(r.id()).map(text -> ReportView.of(text, json)).orElse(null);
    List<Candidate> candidates = new ArrayList<>();
    List<AuditEntry> entries = audit.newest(r.incidentId(), Optional.of(r.id()), MAX_CANDIDATES);
    for (AuditEntry e : entries) {
      boolean accepted = e.action().equals("candidate.accepted");
      if (accepted || e.action().equals("candidate.refused")) {
        Map<String, String> d = e.detail();
        candidates.add(
            new Candidate(
                accepted,
                detail(d, "repairer", 100),
                detail(d, "description", 1000),
                detail(d, "file", 300),
                detail(d, "gate", 100),
                detail(d, "evidence", 1000)));
      }
    }
    java.util.Collections.reverse(candidates); // in the order they were tried
    return new Details(shown, report, candidates, entries.size() >= MAX_CANDIDATES, reviewable(r));
  }

  /**
   * Whether a person may still approve or reject the run's fix: fixed, not merged, not rejected (an
   * approval that could not merge may be given again).
   */
  static boolean reviewable(HealRun r) {
    return "fixed".equals(r.status())
        && !r.merged()
        && r.review().filter(HealRun.Review::rejected).isEmpty();
  }

  private static String detail(Map<String, String> d, String key, int max) {
    return JsonText.cut(d.getOrDefault(key, ""), max);
  }

  /**
   * A run as shown. Its stage in progress shows no duration: the part then changes only when the
   * run does (a stage begins, it ends), so a reason being typed next to it is not reset every time
   * something else happens.
   */
  private static Run run(HealRun r, List<HealStep> steps, Instant now) {
    boolean running = "running".equals(r.status());
    List<TimedStep> timed = TimedStep.of(r, steps, now);
    List<Stage> stages = new ArrayList<>(steps.size());
    for (int i = 0; i < timed.size(); i++) {
      TimedStep t = timed.get(i);
      boolean current = running && i == timed.size() - 1;
      stages.add(
          new Stage(
              t.step().stage(),
              t.step().message(),
              When.exact(t.step().at()),
              current ? -1 : t.ms(),
              current ? "running…" : took(t.ms())));
    }
    return new Run(
        r.id(),
        r.status(),
        r.trigger().orElse(""),
        When.exact(r.createdAt()),
        r.summary().map(s -> JsonText.cut(s, SUMMARY_CHARS)).orElse(""),
        stages,
        !HealRunStore.FINAL.contains(r.status()),
        r.decision().orElse(""),
        r.branch().orElse(""),
        r.commit().orElse(""),
        r.pullRequest()
            .map(url -> link(url, r.pullRequestNumber().map(n -> "pull request #" + n).orElse(url)))
            .orElse(null),
        r.merged(),
        r.mergedBy().orElse(""),
        r.mergeCommit().orElse(""),
        r.review()
            .map(
                v ->
                    new Review(
                        v.verdict(),
                        JsonText.cut(v.by(), 200),
                        When.exact(v.at()),
                        v.note().map(n -> JsonText.cut(n, SUMMARY_CHARS)).orElse("")))
            .orElse(null));
  }

  private static Watch watch(FixWatch w) {
    return new Watch(
        w.state(),
        w.since().toString(),
        w.fixCommit(),
        w.mergeCommit().orElse(""),
        w.regressedIn().map(s -> JsonText.cut(s, 300)).orElse(""),
        w.regressedAt().map(Instant::toString).orElse(""),
        w.revertSummary().map(s -> JsonText.cut(s, SUMMARY_CHARS)).orElse(""),
        w.revertPullRequestUrl()
            .map(url -> link(url, w.revertPullRequestNumber().map(n -> "revert #" + n).orElse(url)))
            .orElse(null),
        w.ledger().map(s -> JsonText.cut(s, SUMMARY_CHARS)).orElse(""));
  }

  private static Link link(String url, String text) {
    return new Link(SafeUrl.http(url).orElse(null), JsonText.cut(text, 300));
  }

  /** A duration as people read it: {@code 850 ms}, {@code 12.4 s}, {@code 3 min 5 s}. */
  static String took(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return s / 60 + " min " + s % 60 + " s";
    }
    return s / 3600 + " h " + s % 3600 / 60 + " min";
  }
}

package dev.kintsugi.server.heal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.FixRejection;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RejectionOutcome;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Database;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.FixReviewStore;
import dev.kintsugi.server.store.FixWatch;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.PersonName;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.ServerAuditLog;
import dev.kintsugi.server.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A person's verdict on a fix that was not merged (the policy held it back for approval, or any
 * fixed run), from REST or the dashboard. Both ask the healer to act and record what it did.
 *
 * <ul>
 *   <li>{@link #approve}: the healer merges the fix ({@link IncidentHealer#approve}: its pull
 *       request through the forge, else its branch into the base branch). Merged: the approval and
 *       the merge are stored, the incident resolved and the fix watched after release ({@link
 *       FixWatchStore#mergedOnApproval}), and the webhooks told. Approved but not merged (the base
 *       branch is checked out, the checks have not passed): the approval is stored with why, the
 *       incident stays {@code fix_proposed}, and it may be approved again. Failed: nothing is
 *       stored but what the healer recorded in the audit trail.
 *   <li>{@link #reject}: the healer records the fix as rejected in the fix ledger and closes its
 *       pull request ({@link IncidentHealer#reject}); the rejection is stored and the incident goes
 *       back to {@code open} when this run is its latest ({@link FixReviewStore#rejected}), to be
 *       healed again by hand ({@code POST /api/v1/incidents/{id}/heal}).
 * </ul>
 *
 * What the healer does is recorded in the audit trail with the person as actor ({@code
 * fix.approved}, {@code pull_request.merged}, {@code branch.merged}, {@code fix.rejected}, {@code
 * pull_request.closed}, ...), what the server stores too ({@code heal.reviewed}, {@code
 * watch.started}, {@code incident.status_changed}). One verdict at a time.
 */
public final class FixReview {

  /**
   * A verdict that cannot be given: {@link #status} says why, as HTTP does (404: no such run; 409:
   * the run is not a fix waiting for a verdict: not fixed, merged already, rejected already; 400: a
   * bad {@code by} or reason).
   */
  public static final class Refused extends RuntimeException {
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }

    /** 404, 409 or 400. */
    public int status() {
      return status;
    }
  }

  /**
   * What a verdict did.
   *
   * @param run the run as it is now
   * @param outcome {@code merged}, {@code approved_not_merged}, {@code failed} (an approval that
   *     did nothing: the run is unchanged) or {@code rejected}
   * @param summary what was done, or why not, in words for people
   * @param watch the fix's watch after release, when the approval merged it
   */
  public record Result(HealRun run, String outcome, String summary, Optional<FixWatch> watch) {

    /** Whether the verdict changed nothing: an approval that failed. */
    public boolean failed() {
      return outcome.equals(FAILED);
    }
  }

  /** Outcome of an approval that did nothing. */
  public static final String FAILED = "failed";

  /** Outcome of a rejection. */
  public static final String REJECTED = "rejected";

  /** Longest reason a rejection keeps. */
  public static final int MAX_REASON = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final HealRunStore runs;
  private final FixWatchStore watches;
  private final FixReviewStore reviews;
  private final HealPolicyStore policies;
  private final DeliverySettingsStore deliveries;
  private final AuditStore audit;
  private final IncidentHealer healer;
  private final FixNews news;
  private final Consumer<String> log;

  /**
   * @param healer what merges and rejects fixes; null when the server heals nothing (approvals are
   *     then stored for a person to merge, rejections stored with the ledger not told)
   * @param news where a merge is told
   * @param log where what was done is reported, one line at a time
   */
  public FixReview(
      Database db,
      Store store,
      IncidentHealer healer,
      FixNews news,
      Clock clock,
      Consumer<String> log) {
    this.store = store;
    this.runs = new HealRunStore(db, clock);
    this.watches = new FixWatchStore(db, clock);
    this.reviews = new FixReviewStore(db, clock);
    this.policies = new HealPolicyStore(db);
    this.deliveries = new DeliverySettingsStore(db, clock);
    this.audit = new AuditStore(db, clock);
    this.healer =
        healer != null
            ? healer
            : request -> IncidentHealOutcome.error("this server heals nothing", "{}");
    this.news = news;
    this.log = log;
  }

  /**
   * {@code by} approves the fix of run {@code runId}: merged by the healer if it can be.
   *
   * @throws Refused 404, 409 or 400 (see {@link Refused})
   */
  public synchronized Result approve(long runId, String by) {
    String who = person(by, "who approves it");
    Subject s = subject(runId);
    FixApproval approval =
        new FixApproval(
            s.incident().id(),
            s.incident().title(),
            s.repository(),
            policies.get(s.project().id()).trustedRefs(),
            s.branch(),
            s.commit(),
            baseCommit(runId),
            s.pullRequest(),
            s.delivery(),
            who);
    ApprovalOutcome outcome;
    try {
      outcome = healer.approve(approval, trail(s));
    } catch (RuntimeException e) {
      outcome = ApprovalOutcome.failed("not merged: the healer failed: " + e);
    }
    log.accept("heal run " + runId + " approved by " + who + ": " + outcome.summary());
    Optional<FixWatch> watch = Optional.empty();
    try {
      switch (outcome.result()) {
        case MERGED -> {
          watch =
              Optional.of(
                  watches.mergedOnApproval(
                      runId, outcome.mergeCommit().orElseThrow(), who, outcome.summary()));
          news.merged(
              store,
              run(runId),
              "approved by " + who + " and merged; watched after release: " + outcome.summary());
        }
        case APPROVED_NOT_MERGED ->
            reviews.approved(runId, who, outcome.wireName(), outcome.summary());
        case FAILED -> {
          // Nothing changed; the healer's trail says what was tried.
        }
      }
    } catch (FixWatchStore.MergeRefused | FixReviewStore.ReviewRefused e) {
      throw new Refused(409, e.getMessage());
    }
    return new Result(run(runId), outcome.wireName(), outcome.summary(), watch);
  }

  /**
   * {@code by} rejects the fix of run {@code runId}, for {@code reason} if given.
   *
   * @param reason why (null or blank: not said); at most {@link #MAX_REASON} characters
   * @throws Refused 404, 409 or 400 (see {@link Refused})
   */
  public synchronized Result reject(long runId, String by, String reason) {
    String who = person(by, "who rejects it");
    Optional<String> why = reason(reason);
    Subject s = subject(runId);
    FixRejection rejection =
        new FixRejection(
            s.incident().id(),
            s.incident().title(),
            s.repository(),
            policies.get(s.project().id()).trustedRefs(),
            s.branch(),
            s.commit(),
            s.pullRequest(),
            s.delivery(),
            runs.report(runId).orElse("{}"),
            who,
            why);
    RejectionOutcome outcome;
    try {
      outcome = healer.reject(rejection, trail(s));
    } catch (RuntimeException e) {
      outcome =
          new RejectionOutcome(
              "the healer failed: " + e,
              false,
              Optional.of(s.branch()),
              "the fix ledger was not told");
    }
    boolean reopened;
    try {
      reopened = reviews.rejected(runId, who, why, outcome.summary());
    } catch (FixReviewStore.ReviewRefused e) {
      throw new Refused(409, e.getMessage());
    }
    String summary =
        outcome.summary()
            + (reopened
                ? "; incident " + s.incident().id() + " is open again"
                : "; incident " + s.incident().id() + " keeps its status");
    log.accept("heal run " + runId + " rejected by " + who + ": " + summary);
    return new Result(run(runId), REJECTED, summary, Optional.empty());
  }

  /** A run waiting for a verdict, with its incident and project. */
  private record Subject(
      HealRun run,
      Incident incident,
      Project project,
      String repository,
      DeliveryRequest delivery) {

    String branch() {
      return run.branch().orElseThrow();
    }

    String commit() {
      return run.commit().orElseThrow();
    }

    Optional<PullRequestRef> pullRequest() {
      return run.pullRequest()
          .flatMap(url -> run.pullRequestNumber().map(n -> new PullRequestRef(url, n)));
    }
  }

  private Subject subject(long runId) {
    HealRun run = run(runId);
    if (!"fixed".equals(run.status()) || run.branch().isEmpty() || run.commit().isEmpty()) {
      throw new Refused(
          409, "heal run " + runId + " has no fix to review (status " + run.status() + ")");
    }
    if (run.merged()) {
      throw new Refused(
          409,
          "the fix of heal run "
              + runId
              + " was merged already, by "
              + run.mergedBy().orElse("kintsugi"));
    }
    if (run.review().filter(HealRun.Review::rejected).isPresent()) {
      throw new Refused(
          409,
          "the fix of heal run " + runId + " was rejected already, by " + run.review().get().by());
    }
    Incident incident =
        store
            .incident(run.incidentId())
            .orElseThrow(() -> new Refused(404, "no incident " + run.incidentId()));
    Project project =
        store
            .project(incident.projectId())
            .orElseThrow(() -> new Refused(404, "no project " + incident.projectId()));
    if (project.repo().isEmpty()) {
      throw new Refused(409, "project " + project.id() + " has no repository registered");
    }
    return new Subject(
        run,
        incident,
        project,
        project.repo().get(),
        DeliveryRequests.withoutPolicy(deliveries.get(project.id())));
  }

  private HealRun run(long runId) {
    return store.healRun(runId).orElseThrow(() -> new Refused(404, "no heal run " + runId));
  }

  private ServerAuditLog trail(Subject s) {
    return new ServerAuditLog(audit, s.project().id(), s.incident().id(), s.run().id());
  }

  /** The commit the fix was made on, as its heal report says. */
  private Optional<String> baseCommit(long runId) {
    try {
      JsonNode report = JSON.readTree(runs.report(runId).orElse("{}"));
      return Optional.ofNullable(report.path("baseCommit").textValue());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String person(String by, String who) {
    try {
      return PersonName.check(by, who);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
  }

  private static Optional<String> reason(String reason) {
    String r = reason == null ? "" : reason.strip();
    if (r.length() > MAX_REASON) {
      throw new Refused(400, "reason must be at most " + MAX_REASON + " characters");
    }
    if (r.codePoints()
        .anyMatch(
            c ->
                (Character.isISOControl(c) && c != '\n' && c != '\t')
                    || Character.getType(c) == Character.FORMAT)) {
      throw new Refused(400, "reason must not contain control or formatting characters");
    }
    return r.isEmpty() ? Optional.empty() : Optional.of(r);
  }
}

package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.core.audit.AuditEntry;
import dev.kintsugi.server.heal.FixReview;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentEvents;
import dev.kintsugi.server.store.IncidentKind;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.RunbookRunsView;
import dev.kintsugi.server.store.RuntimeIncidentStore;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * One incident: {@code GET /incidents/{id}} shows what it is (header), its latest event (the
 * exception chain, frames and captured arguments), its events over time, its heal runs with what
 * the latest one found and proposed, and its audit trail. The header, timeline, runs and audit are
 * {@link Live} parts ({@code GET /ui/incidents/{id}/header|timeline|runs|audit}).
 *
 * <p>A runtime incident ({@link IncidentKind#RUNTIME}: opened by an anomaly, a failing health check
 * or an alert) has no events and is never healed in code: its page shows the signal that opened it
 * and its ranked suspected causes and the runbook runs that acted on it (the live part {@code
 * runtime}; see {@link RuntimePage} for approving them) instead of the latest event, the timeline
 * and the heal runs, and offers no "heal again".
 *
 * <p>Actions (POST, CSRF-checked by {@link WebAuth}): {@code /incidents/{id}/heal} (heal again),
 * {@code /incidents/{id}/ignore}, {@code /incidents/{id}/reopen}, and for a fixed, unmerged run
 * {@code /incidents/{id}/runs/{run}/approve} and {@code .../reject} (field {@code reason}). An htmx
 * request is answered with a line for {@code #action-result}; a plain form with a redirect back.
 */
final class IncidentPage {
  static final int TIMELINE_EVENTS = 50;
  static final int AUDIT_ENTRIES = 100;
  static final int RUNBOOK_RUNS = 20;

  /** How a runtime cause names a suspected incident: {@code #12}. */
  private static final Pattern INCIDENT_SUBJECT = Pattern.compile("#(\\d{1,18})");

  private static final DateTimeFormatter HOUR =
      DateTimeFormatter.ofPattern("HH:00").withZone(ZoneOffset.UTC);

  record Actions(
      boolean healable, String healBlocked, boolean canIgnore, boolean canReopen, String csrf) {}

  /**
   * The incident's latest heal run, in a line.
   *
   * @param awaitsReview its fix can be approved or rejected
   */
  record LatestHeal(long run, String status, String summary, boolean awaitsReview) {}

  /**
   * @param runtime whether it is a runtime incident (never healed in code)
   * @param latest the latest heal run, or null when there is none
   */
  record Header(
      long id,
      boolean runtime,
      String title,
      String culprit,
      DisplayStatus status,
      long count,
      When firstSeen,
      When lastSeen,
      List<String> releases,
      List<String> environments,
      String fingerprint,
      String project,
      LatestHeal latest,
      Actions actions) {}

  record EventRow(String eventId, When at, String release, String environment) {
    /** Enough of the id to tell events apart; the whole one is its title. */
    String shortId() {
      return eventId.length() <= 8 ? eventId : eventId.substring(0, 8) + "…";
    }
  }

  /**
   * @param chart the Chart.js spec (JSON, numbers and hour labels only) for {@code data-chart}
   * @param chartLabel what the chart shows, for people who cannot see it
   */
  record Timeline(String chart, String chartLabel, List<EventRow> events, long count) {}

  record Detail(String key, String value) {}

  record AuditRow(
      long seq, When at, String action, String actor, String healRun, List<Detail> detail) {}

  record Audit(List<AuditRow> rows, boolean capped) {}

  /**
   * A suspected cause of a runtime incident.
   *
   * @param score with two decimals
   * @param href the suspected incident's page when the cause is one, else null
   */
  record CauseRow(
      int rank, String kind, String subject, String score, String evidence, String href) {}

  /**
   * A runtime incident's trigger and suspected causes, best first.
   *
   * @param diagnosed null until the causes are stored
   * @param resolved null unless recovery was reported
   * @param runs the runbook runs that acted on it, newest first
   */
  record RuntimePart(
      String signalKind,
      String subject,
      String description,
      When detected,
      When diagnosed,
      When resolved,
      List<CauseRow> causes,
      RunbookRunsPart.Runs runs) {}

  /**
   * The page: a runtime incident has {@code runtime} and no event, timeline or runs (null); an
   * error incident the other way round.
   */
  record Model(
      Page page,
      long id,
      Live<Header> header,
      Live<RuntimePart> runtime,
      EventView event,
      Live<Timeline> timeline,
      Live<HealRunsPart.Runs> runs,
      Live<Audit> audit) {}

  /** The answer to an action, for {@code #action-result}. */
  record Flash(String message) {}

  private final Store store;
  private final HealRunStore runs;
  private final AuditStore audit;
  private final IncidentEvents events;
  private final RuntimeIncidentStore runtime;
  private final RunbookRunsView runbookRuns;
  private final RuntimePage runtimePage;
  private final HealRunsPart healRuns;
  private final FixReview review;
  private final Templates templates;
  private final Clock clock;
  private final Runnable wakeHealer;
  private final Runnable changed;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param services the stores read and acted on; {@code wakeHealer} is told of a queued run,
   *     {@code review} carries out approvals and rejections
   * @param runtimePage shows a runtime incident's runbook runs as the project's runtime page does
   * @param changed tells live pages something changed (after an action)
   */
  IncidentPage(
      Dashboard.Services services, RuntimePage runtimePage, Templates templates, Runnable changed) {
    this.store = services.store();
    this.runs = services.runs();
    this.audit = services.audit();
    this.events = new IncidentEvents(services.db(), services.clock());
    this.runtime = new RuntimeIncidentStore(services.db(), services.clock());
    this.runbookRuns = new RunbookRunsView(services.db());
    this.runtimePage = runtimePage;
    this.healRuns =
        new HealRunsPart(
            services.store(), services.runs(), services.audit(), services.watches(), json);
    this.review = services.review();
    this.templates = templates;
    this.clock = services.clock();
    this.wakeHealer = services.wakeHealer();
    this.changed = changed;
  }

  void register(Javalin app) {
    app.get("/incidents/{id}", this::page);
    live(app, "header", "incidentHeader.jte", this::header);
    live(app, "timeline", "incidentTimeline.jte", (i, ctx) -> timeline(i));
    live(app, "runs", "incidentRuns.jte", this::runs);
    live(app, "audit", "incidentAudit.jte", (i, ctx) -> audit(i));
    live(app, "runtime", "incidentRuntime.jte", this::runtimePart);
    app.post("/incidents/{id}/heal", this::healAgain);
    app.post("/incidents/{id}/ignore", ctx -> move(ctx, IncidentStatus.IGNORED));
    app.post("/incidents/{id}/reopen", ctx -> move(ctx, IncidentStatus.OPEN));
    app.post("/incidents/{id}/runs/{run}/approve", this::approve);
    app.post("/incidents/{id}/runs/{run}/reject", this::reject);
  }

  private void page(Context ctx) {
    Incident incident = incident(ctx);
    if (incident.kind() == IncidentKind.RUNTIME) {
      templates.render(
          ctx,
          "incident.jte",
          new Model(
              Page.of(ctx, incident.title(), "incidents"),
              incident.id(),
              part(incident.id(), "header", header(incident, ctx)),
              part(incident.id(), "runtime", runtimePart(incident, ctx)),
              null,
              null,
              null,
              part(incident.id(), "audit", audit(incident))));
      return;
    }
    List<String> prefixes =
        store.project(incident.projectId()).map(Project::inAppPrefixes).orElse(List.of());
    EventView event =
        store
            .latestEvent(incident.id())
            .map(e -> EventView.of(e, prefixes, json, clock.instant()))
            .orElse(null);
    Model model =
        new Model(
            Page.of(ctx, incident.title(), "incidents"),
            incident.id(),
            part(incident.id(), "header", header(incident, ctx)),
            null,
            event,
            part(incident.id(), "timeline", timeline(incident)),
            part(incident.id(), "runs", runs(incident, ctx)),
            part(incident.id(), "audit", audit(incident)));
    templates.render(ctx, "incident.jte", model);
  }

  /** Serves a live part: 204 when it shows what the asker has. */
  private <T> void live(
      Javalin app, String name, String template, BiFunction<Incident, Context, T> data) {
    app.get(
        "/ui/incidents/{id}/" + name,
        ctx -> {
          Incident incident = incident(ctx);
          Live<T> part = part(incident.id(), name, data.apply(incident, ctx));
          if (part.sameAs(ctx.queryParam("v"))) {
            ctx.status(HttpStatus.NO_CONTENT);
          } else {
            templates.render(ctx, template, part);
          }
        });
  }

  private static <T> Live<T> part(long id, String name, T data) {
    return Live.of("/ui/incidents/" + id + "/" + name, data);
  }

  private Header header(Incident i, Context ctx) {
    Instant now = clock.instant();
    List<HealRun> all = store.healRuns(i.id());
    Optional<HealRun> latest =
        all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    Optional<Project> project = store.project(i.projectId());
    String blocked =
        !i.healable()
            ? "Runbooks act on runtime incidents; code healing does not."
            : project.flatMap(Project::repo).isEmpty()
                ? "The project has no repository to heal."
                : all.stream().anyMatch(r -> !HealRunStore.FINAL.contains(r.status()))
                    ? "A heal is queued or running."
                    : "";
    return new Header(
        i.id(),
        !i.healable(),
        i.title(),
        i.culprit(),
        DisplayStatus.of(i.status(), latest.flatMap(DisplayStatus::latestDecision)),
        i.count(),
        When.of(i.firstSeen(), now),
        When.of(i.lastSeen(), now),
        store.tagValues(i.id(), "release"),
        store.tagValues(i.id(), "environment"),
        i.fingerprint(),
        project.map(Project::name).orElse(""),
        latest
            .map(
                r ->
                    new LatestHeal(
                        r.id(),
                        r.status(),
                        r.summary().map(s -> JsonText.cut(s, 300)).orElse(""),
                        HealRunsPart.reviewable(r)))
            .orElse(null),
        new Actions(
            blocked.isEmpty(),
            blocked,
            i.status().canMoveTo(IncidentStatus.IGNORED),
            i.status() == IncidentStatus.IGNORED,
            WebAuth.session(ctx).csrf()));
  }

  private Timeline timeline(Incident i) {
    Instant now = clock.instant();
    List<EventRow> rows = new ArrayList<>();
    for (IncidentEvents.Seen e : events.recent(i.id(), TIMELINE_EVENTS)) {
      rows.add(
          new EventRow(
              e.eventId(),
              When.of(e.receivedAt(), now),
              e.release().orElse(""),
              e.environment().orElse("")));
    }
    List<Integer> hourly = events.hourly(i.id());
    long firstHour = now.getEpochSecond() / 3600 - hourly.size() + 1;
    ObjectNode chart = json.createObjectNode().put("type", "bar");
    ObjectNode data = chart.putObject("data");
    ArrayNode labels = data.putArray("labels");
    ObjectNode set = data.putArray("datasets").addObject().put("label", "Events per hour (UTC)");
    ArrayNode counts = set.putArray("data");
    set.put("backgroundColor", "#0b5fa5");
    for (int h = 0; h < hourly.size(); h++) {
      labels.add(HOUR.format(Instant.ofEpochSecond((firstHour + h) * 3600)));
      counts.add(hourly.get(h));
    }
    ObjectNode options = chart.putObject("options");
    options.putObject("plugins").putObject("legend").put("display", false);
    options
        .putObject("scales")
        .putObject("y")
        .put("beginAtZero", true)
        .putObject("ticks")
        .put("precision", 0);
    long total = hourly.stream().mapToLong(Integer::longValue).sum();
    int peak = hourly.stream().mapToInt(Integer::intValue).max().orElse(0);
    return new Timeline(
        chart.toString(),
        total + " events in the last " + hourly.size() + " hours, at most " + peak + " in one hour",
        rows,
        i.count());
  }

  private RuntimePart runtimePart(Incident i, Context ctx) {
    RuntimeIncidentStore.Diagnosis d =
        runtime
            .diagnosis(i.id())
            .orElseThrow(() -> Dashboard.notFound("This incident is not a runtime incident."));
    Instant now = clock.instant();
    List<CauseRow> causes = new ArrayList<>();
    for (RuntimeIncidentStore.Cause c : d.causes()) {
      var id = INCIDENT_SUBJECT.matcher(c.subject());
      causes.add(
          new CauseRow(
              c.rank(),
              c.kind(),
              c.subject(),
              String.format(Locale.ROOT, "%.2f", c.score()),
              c.evidence(),
              "incident".equals(c.kind()) && id.matches() ? "/incidents/" + id.group(1) : null));
    }
    return new RuntimePart(
        d.trigger().signalKind(),
        d.trigger().subject(),
        d.trigger().description(),
        When.of(d.trigger().detectedAt(), now),
        d.diagnosedAt().map(at -> When.of(at, now)).orElse(null),
        d.resolvedAt().map(at -> When.of(at, now)).orElse(null),
        causes,
        runtimePage.runs(runbookRuns.ofIncident(i.id(), RUNBOOK_RUNS), i.projectId(), ctx));
  }

  private HealRunsPart.Runs runs(Incident i, Context ctx) {
    return healRuns.read(i.id(), clock.instant(), WebAuth.session(ctx).csrf());
  }

  private Audit audit(Incident i) {
    Instant now = clock.instant();
    List<AuditRow> rows = new ArrayList<>();
    List<AuditEntry> entries = audit.newest(i.id(), Optional.empty(), AUDIT_ENTRIES);
    for (AuditEntry e : entries) {
      List<Detail> detail = new ArrayList<>();
      e.detail().forEach((k, v) -> detail.add(new Detail(k, JsonText.cut(v, 500))));
      rows.add(
          new AuditRow(
              e.seq(),
              When.of(e.at(), now),
              e.action(),
              e.actor(),
              e.healRun() == null ? "" : "#" + e.healRun(),
              detail));
    }
    return new Audit(rows, entries.size() >= AUDIT_ENTRIES);
  }

  private void healAgain(Context ctx) {
    Incident incident = incident(ctx);
    if (!incident.healable()) {
      throw new WebError(
          HttpStatus.CONFLICT, "This is a runtime incident: runbooks act on it, not code healing.");
    }
    Project project = store.project(incident.projectId()).orElseThrow();
    if (project.repo().isEmpty()) {
      throw new WebError(
          HttpStatus.CONFLICT, "This project has no repository to heal: register one first.");
    }
    long run =
        runs.enqueue(incident.id(), "requested from the dashboard by " + viewer(ctx))
            .orElseThrow(
                () -> new WebError(HttpStatus.CONFLICT, "This incident is being healed already."));
    wakeHealer.run();
    done(ctx, incident, "Heal run #" + run + " queued.");
  }

  private void move(Context ctx, IncidentStatus next) {
    Incident incident = incident(ctx);
    if (!incident.status().canMoveTo(next)
        || !store.moveStatusByAdmin(incident.id(), incident.status(), next)) {
      throw new WebError(
          HttpStatus.CONFLICT,
          "This incident cannot move from "
              + incident.status().wireName().replace('_', ' ')
              + " to "
              + next.wireName().replace('_', ' ')
              + ".");
    }
    done(ctx, incident, "Incident " + next.wireName().replace('_', ' ') + ".");
  }

  private void approve(Context ctx) {
    Incident incident = incident(ctx);
    long run = runOf(ctx, incident);
    FixReview.Result result = verdict(() -> review.approve(run, viewer(ctx)));
    if (result.failed()) {
      changed.run(); // the healer's trail says what was tried
      throw new WebError(HttpStatus.CONFLICT, "Not merged: " + result.summary());
    }
    done(ctx, incident, "Approved: " + result.summary());
  }

  private void reject(Context ctx) {
    Incident incident = incident(ctx);
    long run = runOf(ctx, incident);
    String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
    if (reason.isEmpty()) {
      throw new WebError(HttpStatus.BAD_REQUEST, "Say why the fix is rejected.");
    }
    String why = JsonText.cut(reason, FixReview.MAX_REASON);
    FixReview.Result result = verdict(() -> review.reject(run, viewer(ctx), why));
    done(ctx, incident, "Rejected: " + result.summary());
  }

  /** A verdict, or the reason it cannot be given (no such run, not waiting for one, bad text). */
  private static FixReview.Result verdict(java.util.function.Supplier<FixReview.Result> given) {
    try {
      return given.get();
    } catch (FixReview.Refused e) {
      throw new WebError(HttpStatus.forStatus(e.status()), e.getMessage());
    }
  }

  /** An action was taken: live pages refresh; htmx gets the line to show, a form goes back. */
  private void done(Context ctx, Incident incident, String message) {
    changed.run();
    if (ctx.header("HX-Request") != null) {
      templates.render(ctx, "incidentFlash.jte", new Flash(message));
    } else {
      ctx.redirect("/incidents/" + incident.id(), HttpStatus.SEE_OTHER);
    }
  }

  private long runOf(Context ctx, Incident incident) {
    long run = number(ctx.pathParam("run"));
    if (store.healRun(run).filter(r -> r.incidentId() == incident.id()).isEmpty()) {
      throw Dashboard.notFound("This incident has no heal run " + ctx.pathParam("run") + ".");
    }
    return run;
  }

  private Incident incident(Context ctx) {
    return store
        .incident(number(ctx.pathParam("id")))
        .orElseThrow(() -> Dashboard.notFound("There is no such incident."));
  }

  private static long number(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw Dashboard.notFound("There is no such incident or heal run.");
    }
  }

  private static String viewer(Context ctx) {
    return WebAuth.session(ctx).viewer().name();
  }
}

package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.AutoHeal;
import dev.kintsugi.server.store.FixWatchStore;
import dev.kintsugi.server.store.HealRun;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.HealStep;
import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.IncidentStatus;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import dev.kintsugi.server.store.StoredEvent;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The REST API of DESIGN.md, under {@code /api/v1}, behind the admin bearer token:
 *
 * <ul>
 *   <li>{@code POST /projects} {@code {"name", "repo"?, "inAppPrefixes"?, "autoHeal"?,
 *       "healThreshold"?}} → 201 with the DSN; {@code autoHeal} is {@code off}, {@code new} (the
 *       default) or {@code threshold}; {@code repo} is one of {@link RepoPolicy}'s forms, and every
 *       field is checked ({@link ProjectFields}): a bad or unknown one is a 400
 *   <li>{@code GET /projects}, {@code GET /projects/{id}}, {@code PATCH /projects/{id}} {@code
 *       {"autoHeal", "healThreshold"?}}
 *   <li>{@code POST /projects/{id}/rotate-key} → the project with its new DSN
 *   <li>{@code GET /projects/{id}/incidents[?limit=N]} → most recently seen first
 *   <li>{@code GET /incidents/{id}} → incident, latest (scrubbed) event, healing runs; each run has
 *       its {@code stages} so far, first first: {@code {"stage", "message", "at" (ISO-8601),
 *       "ms"}}, where {@code ms} lasts until the next stage began (the last: until the run ended,
 *       or until now while it runs), its {@code pullRequest} ({@code {"url", "number"}}), the
 *       policy's {@code decision}, whether it was {@code merged}; and {@code watch}, the latest fix
 *       watched after release ({@link WatchJson}), or null
 *   <li>{@code PATCH /incidents/{id}} {@code {"status"}} → moves along the lifecycle, 409 if not
 *       allowed
 *   <li>{@code POST /incidents/{id}/heal} → 202 with the queued run; 409 when one is in progress or
 *       the project has no repository, or it is a runtime incident (runbooks act on those)
 *   <li>{@code GET /heal-runs/{id}} → one run as in {@code healingRuns}, with its {@code
 *       incidentId}; 404 when unknown
 *   <li>{@code GET /heal-runs/{id}/report} → the run's heal report (JSON), 404 until it ended
 * </ul>
 *
 * Errors are {@code {"error": message}}; an unexpected one is a 500 with the request's id (see
 * {@link RequestIds}).
 */
public final class RestApi {

  private final Store store;
  private final HealRunStore runs;
  private final Runnable wakeHealer;
  private final ProjectKeys keys;
  private final ObjectMapper json;
  private final AdminAuth auth;
  private final DsnBuilder dsns;
  private final RepoPolicy repos;
  private final Clock clock;
  private final FixWatchStore watches;

  /**
   * @param publicUrl base URL put in DSNs (e.g. {@code http://errors.example.com}); when empty, the
   *     Host the request was sent to
   * @param repoRoots the directories under which projects may register local repositories (none:
   *     only git URLs)
   * @param clock what a running heal's last stage is timed up to
   * @param watches the fixes watched after release, shown with their incidents
   * @throws IllegalArgumentException when a repository root is not an existing directory
   */
  public RestApi(
      Store store,
      HealRunStore runs,
      Runnable wakeHealer,
      ProjectKeys keys,
      ObjectMapper json,
      String adminToken,
      Optional<String> publicUrl,
      List<Path> repoRoots,
      Clock clock,
      FixWatchStore watches) {
    this.repos = RepoPolicy.of(repoRoots);
    this.watches = watches;
    this.clock = clock;
    this.store = store;
    this.runs = runs;
    this.wakeHealer = wakeHealer;
    this.keys = keys;
    this.json = json;
    this.auth = new AdminAuth(adminToken);
    this.dsns = new DsnBuilder(publicUrl);
  }

  public void register(Javalin app) {
    app.before("/api/v1/*", auth::check);
    app.exception(
        ApiError.class, (e, ctx) -> ctx.status(e.status()).json(Map.of("error", e.getMessage())));
    app.post("/api/v1/projects", this::createProject);
    app.get(
        "/api/v1/projects",
        ctx -> ctx.json(store.projects().stream().map(p -> project(ctx, p)).toList()));
    app.get("/api/v1/projects/{id}", ctx -> ctx.json(project(ctx, projectOr404(ctx))));
    app.patch("/api/v1/projects/{id}", this::updateProject);
    app.post("/api/v1/projects/{id}/rotate-key", this::rotateKey);
    app.get("/api/v1/projects/{id}/incidents", this::incidents);
    app.get("/api/v1/incidents/{id}", this::incidentDetail);
    app.patch("/api/v1/incidents/{id}", this::moveIncident);
    app.post("/api/v1/incidents/{id}/heal", this::healIncident);
    app.get("/api/v1/heal-runs/{id}", this::healRun);
    app.get("/api/v1/heal-runs/{id}/report", this::healReport);
  }

  private void createProject(Context ctx) {
    JsonNode body = body(ctx);
    ProjectFields.onlyKnown(body, ProjectFields.CREATE);
    String name = ProjectFields.name(body);
    Optional<String> repo = repos.check(ProjectFields.optionalString(body, "repo"));
    List<String> prefixes = ProjectFields.inAppPrefixes(body);
    AutoHeal autoHeal = ProjectFields.autoHeal(body, AutoHeal.ON_NEW);
    Project project = store.createProject(name, repo, prefixes, autoHeal);
    ctx.status(201).json(project(ctx, project));
  }

  private void updateProject(Context ctx) {
    Project project = projectOr404(ctx);
    JsonNode body = body(ctx);
    ProjectFields.onlyKnown(body, ProjectFields.UPDATE);
    if (!body.has("autoHeal")) {
      throw new ApiError(400, "nothing to change: only autoHeal (and healThreshold) can be set");
    }
    Project updated =
        store
            .setAutoHeal(project.id(), ProjectFields.autoHeal(body, project.autoHeal()))
            .orElseThrow();
    ctx.json(project(ctx, updated));
    wakeHealer.run();
  }

  private void healIncident(Context ctx) {
    long id = id(ctx);
    Incident incident =
        store.incident(id).orElseThrow(() -> new ApiError(404, "no incident " + id));
    if (!incident.healable()) {
      throw new ApiError(409, "incident " + id + " is a runtime incident: runbooks act on it");
    }
    Project project = store.project(incident.projectId()).orElseThrow();
    if (project.repo().isEmpty()) {
      throw new ApiError(
          409, "project " + project.id() + " has no repository to heal; register one first");
    }
    long run =
        runs.enqueue(id, "requested through the API")
            .orElseThrow(() -> new ApiError(409, "incident " + id + " is being healed already"));
    wakeHealer.run();
    ctx.status(202).json(Map.of("runId", run, "status", "queued"));
  }

  private void healRun(Context ctx) {
    long id = id(ctx);
    HealRun run = store.healRun(id).orElseThrow(() -> new ApiError(404, "no heal run " + id));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("incidentId", run.incidentId());
    out.putAll(HealRunJson.of(run, runs.steps(id), clock.instant()));
    ctx.json(out);
  }

  private void healReport(Context ctx) {
    long id = id(ctx);
    String report =
        runs.report(id).orElseThrow(() -> new ApiError(404, "no report for heal run " + id));
    ctx.contentType("application/json").result(report);
  }

  private void rotateKey(Context ctx) {
    long id = id(ctx);
    Project project = store.rotateKey(id).orElseThrow(() -> new ApiError(404, "no project " + id));
    keys.forget(id);
    ctx.json(project(ctx, project));
  }

  private void incidents(Context ctx) {
    Project project = projectOr404(ctx);
    int limit = 100;
    String l = ctx.queryParam("limit");
    if (l != null) {
      try {
        limit = Integer.parseInt(l);
      } catch (NumberFormatException e) {
        throw new ApiError(400, "limit must be a number, was '" + l + "'");
      }
      if (limit < 1 || limit > 1000) {
        throw new ApiError(400, "limit must be 1-1000, was " + limit);
      }
    }
    ctx.json(store.incidents(project.id(), limit).stream().map(RestApi::incident).toList());
  }

  private void incidentDetail(Context ctx) {
    long id = id(ctx);
    Incident incident =
        store.incident(id).orElseThrow(() -> new ApiError(404, "no incident " + id));
    Map<String, Object> out = incident(incident);
    out.put("releases", store.tagValues(id, "release"));
    out.put("environments", store.tagValues(id, "environment"));
    Optional<StoredEvent> latest = store.latestEvent(id);
    out.put("latestEvent", latest.isPresent() ? event(latest.get()) : null);
    List<HealRun> healRuns = store.healRuns(id);
    // Read after the runs: a run seen ended has its done step (stored before the end) here too.
    Map<Long, List<HealStep>> steps = runs.incidentSteps(id);
    Instant now = clock.instant();
    out.put(
        "healingRuns",
        healRuns.stream()
            .map(r -> HealRunJson.of(r, steps.getOrDefault(r.id(), List.of()), now))
            .toList());
    out.put("healWaiting", runs.waiting(id).orElse(null));
    out.put("watch", watches.latest(id).map(WatchJson::of).orElse(null));
    ctx.json(out);
  }

  private void moveIncident(Context ctx) {
    long id = id(ctx);
    String wanted = body(ctx).path("status").asText("");
    IncidentStatus next =
        IncidentStatus.fromWire(wanted)
            .orElseThrow(() -> new ApiError(400, "unknown status '" + wanted + "'"));
    Incident incident =
        store.incident(id).orElseThrow(() -> new ApiError(404, "no incident " + id));
    if (!incident.status().canMoveTo(next)
        || !store.moveStatusByAdmin(id, incident.status(), next)) {
      throw new ApiError(
          409, "cannot move incident from " + incident.status().wireName() + " to " + wanted);
    }
    ctx.json(incident(store.incident(id).orElseThrow()));
  }

  private Project projectOr404(Context ctx) {
    long id = id(ctx);
    return store.project(id).orElseThrow(() -> new ApiError(404, "no project " + id));
  }

  /** The path's {@code id}; 404 when it is not a number. */
  static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiError(404, "no such id: " + ctx.pathParam("id"));
    }
  }

  private JsonNode body(Context ctx) {
    return body(ctx, json);
  }

  /** The request's body, a JSON object; 400 when it is not one. */
  static JsonNode body(Context ctx, ObjectMapper json) {
    try {
      JsonNode node = json.readTree(ctx.bodyAsBytes());
      if (node == null || !node.isObject()) {
        throw new ApiError(400, "body must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new ApiError(400, "body is not valid JSON");
    }
  }

  private Map<String, Object> project(Context ctx, Project p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("name", p.name());
    out.put("dsn", dsns.dsn(p, ctx.host()));
    out.put("repo", p.repo().orElse(null));
    out.put("inAppPrefixes", p.inAppPrefixes());
    out.put("createdAt", p.createdAt().toString());
    out.put("autoHeal", p.autoHeal().wireName());
    out.put("healThreshold", p.autoHeal().threshold());
    return out;
  }

  private static Map<String, Object> incident(Incident i) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", i.id());
    out.put("projectId", i.projectId());
    out.put("fingerprint", i.fingerprint());
    out.put("title", i.title());
    out.put("culprit", i.culprit());
    out.put("count", i.count());
    out.put("firstSeen", i.firstSeen().toString());
    out.put("lastSeen", i.lastSeen().toString());
    out.put("status", i.status().wireName());
    out.put("kind", i.kind().wireName());
    return out;
  }

  private static Map<String, Object> event(StoredEvent e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventId", e.eventId());
    out.put("receivedAt", e.receivedAt().toString());
    // Stored as the JSON ingest wrote: copied as is, not parsed and written again, so a payload
    // nested as deep as ingest allows does not pass Jackson's write-depth limit once wrapped here.
    out.put("payload", new RawValue(new String(e.payload(), StandardCharsets.UTF_8)));
    return out;
  }
}

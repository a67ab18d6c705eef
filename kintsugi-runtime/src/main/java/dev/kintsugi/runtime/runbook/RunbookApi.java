package dev.kintsugi.runtime.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.AuditStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runbook runs over REST; the server's {@code /api/v1/*} filter already requires the admin token.
 * Times are ISO-8601 strings, durations seconds.
 *
 * <ul>
 *   <li>{@code GET /api/v1/runtime/runs?project=NAME[&limit=N]} → the project's newest runs (1-500,
 *       default 100), each with its steps
 *   <li>{@code GET /api/v1/runtime/mttr?project=NAME[&days=N]} → {@link Mttr} of the runs started
 *       in the last {@code days} (1-365, default 30): {@code {"project", "overall": FIGURES,
 *       "runbooks": {NAME: FIGURES}}}, FIGURES = {@code {"runs", "recovered", "recoveredShare",
 *       "meanToActionSeconds", "meanToRecoverySeconds", "medianToRecoverySeconds",
 *       "p90ToRecoverySeconds"}} (null when there is no such time)
 *   <li>{@code POST /api/v1/runtime/runs/{id}/approve} → 200 with the run, 404 unknown run, 409
 *       when it awaits no approval
 *   <li>{@code POST /api/v1/runtime/runs/{id}/reject} with an optional {@code {"reason": "..."}} →
 *       the same answers
 * </ul>
 *
 * <p>Stable API.
 */
public final class RunbookApi {

  private final RunbookEngine engine;
  private final java.time.Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public RunbookApi(RunbookEngine engine, java.time.Clock clock) {
    this.engine = engine;
    this.clock = clock;
  }

  /** Registers the routes on {@code app} (before it starts). */
  public void register(Javalin app) {
    app.get("/api/v1/runtime/runs", this::runs);
    app.get("/api/v1/runtime/mttr", this::mttr);
    app.post("/api/v1/runtime/runs/{id}/approve", ctx -> decide(ctx, true));
    app.post("/api/v1/runtime/runs/{id}/reject", ctx -> decide(ctx, false));
  }

  private void runs(Context ctx) {
    Optional<String> project = project(ctx);
    Optional<Integer> limit = number(ctx, "limit", 1, 500);
    if (project.isEmpty() || limit == null) {
      return;
    }
    RunbookRuns runs = engine.runs();
    ctx.json(
        runs.runs(project.get(), limit.orElse(100)).stream().map(r -> fields(r, runs)).toList());
  }

  private void mttr(Context ctx) {
    Optional<String> project = project(ctx);
    Optional<Integer> days = number(ctx, "days", 1, 365);
    if (project.isEmpty() || days == null) {
      return;
    }
    Instant since = clock.instant().minus(Duration.ofDays(days.orElse(30)));
    Mttr mttr = Mttr.of(project.get(), engine.runs().runsSince(project.get(), since));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", mttr.project());
    out.put("overall", figures(mttr.overall()));
    Map<String, Object> byRunbook = new LinkedHashMap<>();
    mttr.byRunbook().forEach((name, f) -> byRunbook.put(name, figures(f)));
    out.put("runbooks", byRunbook);
    ctx.json(out);
  }

  private void decide(Context ctx, boolean approve) throws Exception {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      error(ctx, 404, "no such run: " + ctx.pathParam("id"));
      return;
    }
    RunbookRuns runs = engine.runs();
    if (runs.run(id).isEmpty()) {
      error(ctx, 404, "no such run: " + id);
      return;
    }
    String reason = "";
    if (!approve && !ctx.body().isBlank()) {
      JsonNode body;
      try {
        body = json.readTree(ctx.body());
      } catch (java.io.IOException e) {
        error(ctx, 400, "the body must be JSON: {\"reason\": \"...\"}");
        return;
      }
      JsonNode r = body == null ? null : body.get("reason");
      if (r != null && !r.isTextual()) {
        error(ctx, 400, "reason must be a string");
        return;
      }
      reason = r == null ? "" : r.asText();
    }
    boolean decided =
        approve
            ? engine.approve(id, AuditStore.ADMIN)
            : engine.reject(id, AuditStore.ADMIN, reason);
    if (!decided) {
      error(ctx, 409, "run " + id + " awaits no approval");
      return;
    }
    ctx.json(fields(runs.run(id).orElseThrow(), runs));
  }

  private static Optional<String> project(Context ctx) {
    String project = ctx.queryParam("project");
    if (project == null || project.isBlank()) {
      error(ctx, 400, "project (the project's name) is required");
      return Optional.empty();
    }
    return Optional.of(project);
  }

  /** The parameter, empty when absent, null (after answering 400) when invalid. */
  private static Optional<Integer> number(Context ctx, String name, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return Optional.empty();
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return Optional.of(n);
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    error(ctx, 400, name + " must be a whole number in [" + min + ", " + max + "]");
    return null;
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).json(Map.of("error", message));
  }

  static Map<String, Object> fields(RunbookRun r, RunbookRuns runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("project", r.project());
    m.put("runbook", r.runbook());
    m.put("signalKind", r.signalKind());
    m.put("signal", r.signal());
    m.put("incident", r.incident().orElse(null));
    m.put("state", r.state());
    m.put("outcome", r.outcome().orElse(null));
    m.put("dryRun", r.dryRun());
    m.put("approval", r.approval());
    m.put("approvedBy", r.approvedBy().orElse(null));
    m.put("approvalNote", r.approvalNote().orElse(null));
    m.put("detectedAt", r.detectedAt().toString());
    m.put("startedAt", r.startedAt().toString());
    m.put("actedAt", r.actedAt().map(Instant::toString).orElse(null));
    m.put("recoveredAt", r.recoveredAt().map(Instant::toString).orElse(null));
    m.put("endedAt", r.endedAt().map(Instant::toString).orElse(null));
    m.put("timeToActionSeconds", r.timeToAction().map(RunbookApi::seconds).orElse(null));
    m.put("timeToRecoverySeconds", r.timeToRecovery().map(RunbookApi::seconds).orElse(null));
    m.put(
        "steps",
        runs.steps(r.id()).stream()
            .map(
                s -> {
                  Map<String, Object> step = new LinkedHashMap<>();
                  step.put("seq", s.seq());
                  step.put("phase", s.phase());
                  step.put("kind", s.actionKind());
                  step.put("action", s.description());
                  step.put("state", s.state());
                  step.put("detail", s.detail().orElse(null));
                  step.put("startedAt", s.startedAt().toString());
                  step.put("endedAt", s.endedAt().map(Instant::toString).orElse(null));
                  return step;
                })
            .toList());
    return m;
  }

  private static Map<String, Object> figures(Mttr.Figures f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("runs", f.runs());
    m.put("recovered", f.recovered());
    m.put("recoveredShare", f.recoveredShare());
    m.put("meanToActionSeconds", f.meanToAction().map(RunbookApi::seconds).orElse(null));
    m.put("meanToRecoverySeconds", f.meanToRecovery().map(RunbookApi::seconds).orElse(null));
    m.put("medianToRecoverySeconds", f.medianToRecovery().map(RunbookApi::seconds).orElse(null));
    m.put("p90ToRecoverySeconds", f.p90ToRecovery().map(RunbookApi::seconds).orElse(null));
    return m;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}

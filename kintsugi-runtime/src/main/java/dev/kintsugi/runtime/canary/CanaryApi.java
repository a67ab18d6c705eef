package dev.kintsugi.runtime.canary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Project;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Canary analysis over HTTP, in the shapes rollout engines already call. Every answer is the
 * analysis JSON {@code {"verdict": "pass|fail|inconclusive", "score", "reason", "project",
 * "baseline", "canary", "release", "from", "to", "metrics": [{"name", "verdict"
 * (pass|high|low|nodata), "critical", "baselineCount", "canaryCount", "baselineMedian",
 * "canaryMedian", "shift", "relativeShift", "u", "pValue", "reason"}], "incidents": [{"id",
 * "fingerprint", "title", "status", "firstSeen", "firstRelease", "events", "kind"
 * (known|new|shared|ignored)}]}} (numbers that do not exist, such as a median without samples, are
 * null), or {@code {"error", "field"}} with 400 naming the field that cannot be judged.
 *
 * <ul>
 *   <li>{@code POST /api/v1/canary/analysis} (admin token) with a {@link CanaryRequest} body → 200.
 *   <li>{@code GET /api/v1/canary/argo?baseline=&canary=&window=&release=&project=}, or {@code
 *       POST}/{@code PUT} with the request as JSON (Argo Rollouts' web metric provider, its {@code
 *       jsonBody}; the admin token in its {@code headers}) → 200 whatever the verdict: Argo counts
 *       a non-2xx answer as an Error, not a failure, so the verdict is for its {@code
 *       successCondition: result.verdict == "pass"} and {@code failureCondition: result.verdict ==
 *       "fail"} (neither: Inconclusive).
 *   <li>{@code POST /api/{projectId}/kintsugi/canary/flagger?sentry_key=KEY}: a Flagger webhook
 *       ({@code {"name", "namespace", "phase", "checksum", "metadata": {"baseline", "canary",
 *       "window", "release"}}}). Flagger cannot send headers, so the project's DSN public key in
 *       the URL authenticates it (401 without the right one); it judges only that project's targets
 *       and never acts. Flagger passes a check on 2xx only: pass → 200, fail → 412, inconclusive →
 *       409 (not 425, which HTTP reserves for TLS early data, nor 5xx or 429, which Flagger's
 *       client retries at once): Flagger halts, counts a failed check and asks again next interval.
 *       The body is a short text for Flagger's events.
 * </ul>
 */
public final class CanaryApi {

  /** Flagger's answer to a failed canary. */
  static final int FLAGGER_FAIL = 412;

  /** Flagger's answer to an inconclusive one: a failed check it retries next interval. */
  static final int FLAGGER_INCONCLUSIVE = 409;

  private static final List<String> QUERY =
      List.of("project", "baseline", "canary", "window", "release");
  private static final List<String> METADATA = List.of("baseline", "canary", "window", "release");

  private final CanaryAnalysis analysis;
  private final ProjectKeys keys;
  private final ObjectMapper json = new ObjectMapper();

  public CanaryApi(CanaryAnalysis analysis, ProjectKeys keys) {
    this.analysis = analysis;
    this.keys = keys;
  }

  /** Registers the routes on {@code app} (before it starts). */
  public void register(Javalin app) {
    app.post("/api/v1/canary/analysis", ctx -> answer(ctx, body(ctx), "api"));
    app.get("/api/v1/canary/argo", ctx -> answer(ctx, query(ctx), "argo"));
    app.post("/api/v1/canary/argo", ctx -> answer(ctx, body(ctx), "argo"));
    app.put("/api/v1/canary/argo", ctx -> answer(ctx, body(ctx), "argo"));
    app.post("/api/{projectId}/kintsugi/canary/flagger", this::flagger);
  }

  private void answer(Context ctx, Optional<CanaryRequest> request, String via) {
    if (request.isEmpty()) {
      return;
    }
    try {
      ctx.json(fields(analysis.analyse(request.get(), AuditStore.ADMIN, via)));
    } catch (CanaryRequestException e) {
      refuse(ctx, e);
    }
  }

  /** The JSON body as a request; empty after answering 400. */
  private Optional<CanaryRequest> body(Context ctx) {
    try {
      return Optional.of(CanaryRequest.parse(tree(ctx.bodyAsBytes()), "", CanaryRequest.FIELDS));
    } catch (CanaryRequestException e) {
      refuse(ctx, e);
      return Optional.empty();
    }
  }

  /** Argo's GET: the request in query parameters, each at most once. */
  private Optional<CanaryRequest> query(Context ctx) {
    ObjectNode node = json.createObjectNode();
    try {
      for (Map.Entry<String, List<String>> p : ctx.queryParamMap().entrySet()) {
        if (p.getValue().size() != 1) {
          throw new CanaryRequestException(p.getKey(), "must be given once");
        }
        node.put(p.getKey(), p.getValue().get(0));
      }
      return Optional.of(CanaryRequest.parse(node, "", QUERY));
    } catch (CanaryRequestException e) {
      refuse(ctx, e);
      return Optional.empty();
    }
  }

  private void flagger(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("projectId"));
    } catch (NumberFormatException e) {
      ctx.status(401).result("missing or invalid sentry_key for this project");
      return;
    }
    Optional<Project> project =
        keys.authenticate(
            id,
            ctx.header("X-Sentry-Auth"),
            ctx.header("Authorization"),
            ctx.queryParam("sentry_key"));
    if (project.isEmpty()) {
      ctx.status(401).result("missing or invalid sentry_key for this project");
      return;
    }
    try {
      JsonNode body = tree(ctx.bodyAsBytes());
      CanaryRequest asked = CanaryRequest.parse(metadata(body), "metadata", METADATA);
      CanaryRequest request =
          new CanaryRequest(
              Optional.of(project.get().name()),
              asked.baseline(),
              asked.canary(),
              asked.window(),
              asked.release(),
              List.of());
      CanaryReport report;
      try {
        report = analysis.analyse(request, "flagger", "flagger");
      } catch (CanaryRequestException e) {
        String field =
            METADATA.contains(e.field())
                ? "metadata." + e.field()
                : e.field().equals("metrics") ? "metadata" : e.field();
        throw new CanaryRequestException(field, e.problem());
      }
      int status =
          switch (report.verdict()) {
            case PASS -> 200;
            case FAIL -> FLAGGER_FAIL;
            case INCONCLUSIVE -> FLAGGER_INCONCLUSIVE;
          };
      ctx.status(status).contentType("text/plain; charset=utf-8").result(text(report));
    } catch (CanaryRequestException e) {
      ctx.status(400).contentType("text/plain; charset=utf-8").result(e.getMessage());
    }
  }

  /** Flagger's metadata (a map of strings); other payload fields are Flagger's own. */
  private JsonNode metadata(JsonNode body) throws CanaryRequestException {
    if (!body.isObject()) {
      throw new CanaryRequestException("(body)", "must be a JSON object (Flagger's payload)");
    }
    JsonNode metadata = body.get("metadata");
    if (metadata == null || !metadata.isObject()) {
      throw new CanaryRequestException(
          "metadata", "must be a mapping naming baseline and canary (scrape targets)");
    }
    return metadata;
  }

  private JsonNode tree(byte[] bytes) throws CanaryRequestException {
    try {
      JsonNode node = bytes.length == 0 ? null : json.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new CanaryRequestException("(body)", "must be a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new CanaryRequestException("(body)", "is not valid JSON");
    }
  }

  private static void refuse(Context ctx, CanaryRequestException e) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("error", e.getMessage());
    out.put("field", e.field());
    ctx.status(400).json(out);
  }

  /** A short account for Flagger's events: the verdict, then each metric that did not pass. */
  static String text(CanaryReport report) {
    Judgement j = report.judgement();
    StringBuilder out =
        new StringBuilder("canary ")
            .append(j.verdict().wire())
            .append(String.format(Locale.ROOT, " (score %.1f): ", j.score()))
            .append(j.reason());
    for (MetricResult m : j.metrics()) {
      if (m.verdict() != MetricVerdict.PASS) {
        out.append('\n').append(m.name()).append(' ').append(m.verdict().wire()).append(": ");
        out.append(m.reason());
      }
    }
    return out.append('\n').toString();
  }

  /** The analysis as JSON fields. */
  static Map<String, Object> fields(CanaryReport report) {
    Judgement j = report.judgement();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("verdict", j.verdict().wire());
    out.put("score", number(j.score()));
    out.put("reason", j.reason());
    out.put("project", report.project().orElse(null));
    out.put("baseline", report.baseline().orElse(null));
    out.put("canary", report.canary().orElse(null));
    out.put("release", report.release().orElse(null));
    out.put("from", report.from().toString());
    out.put("to", report.to().toString());
    List<Map<String, Object>> metrics = new ArrayList<>();
    for (MetricResult m : j.metrics()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("name", m.name());
      f.put("verdict", m.verdict().wire());
      f.put("critical", m.critical());
      f.put("baselineCount", m.baselineCount());
      f.put("canaryCount", m.canaryCount());
      f.put("baselineMedian", number(m.baselineMedian()));
      f.put("canaryMedian", number(m.canaryMedian()));
      f.put("shift", number(m.shift()));
      f.put("relativeShift", number(m.relativeShift()));
      f.put("u", number(m.u()));
      f.put("pValue", number(m.pValue()));
      f.put("reason", m.reason());
      metrics.add(f);
    }
    out.put("metrics", metrics);
    List<Map<String, Object>> incidents = new ArrayList<>();
    for (CanaryIncident i : report.incidents()) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("id", i.id());
      f.put("fingerprint", i.fingerprint());
      f.put("title", i.title());
      f.put("status", i.status());
      f.put("firstSeen", i.firstSeen().toString());
      f.put("firstRelease", i.firstRelease().orElse(null));
      f.put("events", i.events());
      f.put("kind", i.kind().wire());
      incidents.add(f);
    }
    out.put("incidents", incidents);
    return out;
  }

  /** JSON has no NaN nor infinity: a number that does not exist is null. */
  private static Double number(double value) {
    return Double.isFinite(value) ? value : null;
  }
}

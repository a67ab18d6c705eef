package dev.kintsugi.server.circuit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults over HTTP, under the admin token ({@code /api/v1/}); {@code {method}} is {@code
 * com.acme.Pricing#quote} with the {@code #} written {@code %23}:
 *
 * <ul>
 *   <li>{@code PUT /api/v1/projects/{id}/faults/{method}} {@code {"kind": "latency", "latencyMs":
 *       1500, "probability": 1.0, "experiment": "shop-latency", "ttlSeconds": 300}} or {@code
 *       {"kind": "error", "exception": "java.lang.IllegalStateException", "message": "chaos",
 *       "probability": 0.5, "experiment": "...", "ttlSeconds": 120}} injects it (or replaces the
 *       method's fault) → 200 with the fault. {@code kind} and {@code experiment} are required;
 *       {@code latencyMs} (1..60000) is required for latency and refused for error; {@code
 *       exception} defaults to {@code java.lang.RuntimeException}, {@code message} to one naming
 *       the experiment, both refused for latency; {@code probability} in (0, 1], default 1; {@code
 *       ttlSeconds} 1..3600, default 300. Anything else → 400 naming the field;
 *   <li>{@code GET /api/v1/projects/{id}/faults} → the active faults; {@code GET
 *       /api/v1/projects/{id}/faults/{method}} → one, or 404. A fault is {@code {"method", "kind",
 *       "latencyMs", "exception", "message", "probability", "experiment", "injectedAt",
 *       "expiresAt", "injectedBy"}} ({@code latencyMs} null for an error, {@code exception} and
 *       {@code message} null for latency; times ISO-8601);
 *   <li>{@code DELETE /api/v1/projects/{id}/faults/{method}} removes it → 204, or 404 when there
 *       was none.
 * </ul>
 *
 * The agents get the active faults with their circuits ({@link CircuitApi}'s poll), as {@link
 * #agentView}; only agents started with {@code faults=on} act on them.
 */
public final class FaultApi {

  static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  private static final List<String> FIELDS =
      List.of(
          "kind", "latencyMs", "exception", "message", "probability", "experiment", "ttlSeconds");

  private final Store store;
  private final FaultStore faults;
  private final ObjectMapper json;

  public FaultApi(Store store, FaultStore faults, ObjectMapper json) {
    this.store = store;
    this.faults = faults;
    this.json = json;
  }

  /** Adds the routes. */
  public void register(Javalin app) {
    Refused.register(app);
    app.get(
        "/api/v1/projects/{id}/faults",
        ctx ->
            ctx.json(
                faults.active(CircuitApi.project(store, ctx).id()).stream()
                    .map(FaultApi::view)
                    .toList()));
    app.get(
        "/api/v1/projects/{id}/faults/{method}",
        ctx ->
            ctx.json(
                view(
                    faults
                        .active(CircuitApi.project(store, ctx).id(), CircuitApi.method(ctx))
                        .orElseThrow(() -> new Refused(404, "no fault")))));
    app.put("/api/v1/projects/{id}/faults/{method}", this::inject);
    app.delete(
        "/api/v1/projects/{id}/faults/{method}",
        ctx -> {
          if (!faults.remove(
              CircuitApi.project(store, ctx).id(), CircuitApi.method(ctx), AuditStore.ADMIN)) {
            throw new Refused(404, "no fault");
          }
          ctx.status(204);
        });
  }

  private void inject(Context ctx) {
    Project project = CircuitApi.project(store, ctx);
    String method = CircuitApi.method(ctx);
    JsonNode body = CircuitApi.body(json, ctx, FIELDS, "fault");
    String experiment = text(body, "experiment");
    if (experiment == null || experiment.isBlank()) {
      throw new Refused(400, "experiment is required: the chaos experiment that injects the fault");
    }
    String kind = text(body, "kind");
    Fault.Effect effect;
    try {
      if ("latency".equals(kind)) {
        refuse(body, "exception", "latency");
        refuse(body, "message", "latency");
        Long millis = whole(body, "latencyMs");
        if (millis == null) {
          throw new Refused(400, "latencyMs is required for kind latency");
        }
        effect = new Fault.Latency(millis);
      } else if ("error".equals(kind)) {
        refuse(body, "latencyMs", "error");
        String exception = text(body, "exception");
        String message = text(body, "message");
        effect =
            new Fault.Thrown(
                exception == null ? "java.lang.RuntimeException" : exception,
                message == null ? "injected by chaos experiment " + experiment : message);
      } else {
        throw new Refused(400, "kind is required: latency or error");
      }
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    JsonNode p = body.get("probability");
    if (p != null && !p.isNumber()) {
      throw new Refused(400, "probability must be a number above 0 and at most 1");
    }
    Long ttl = whole(body, "ttlSeconds");
    try {
      Fault fault =
          faults.inject(
              project.id(),
              method,
              effect,
              p == null ? 1.0 : p.doubleValue(),
              experiment,
              ttl == null ? DEFAULT_TTL : Duration.ofSeconds(ttl),
              AuditStore.ADMIN);
      ctx.json(view(fault));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
  }

  /** A text field's value; null when absent; 400 when it is not a string. */
  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      throw new Refused(400, field + " must be a string");
    }
    return v.asText();
  }

  /** A whole-number field's value; null when absent; 400 when it is not a whole number. */
  private static Long whole(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Refused(400, field + " must be a whole number");
    }
    return v.longValue();
  }

  private static void refuse(JsonNode body, String field, String kind) {
    if (body.has(field)) {
      throw new Refused(400, field + " does not apply to kind " + kind);
    }
  }

  private static Map<String, Object> view(Fault f) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", f.method());
    m.put("kind", f.effect().kind());
    m.put("latencyMs", f.effect() instanceof Fault.Latency l ? l.millis() : null);
    m.put("exception", f.effect() instanceof Fault.Thrown t ? t.exception() : null);
    m.put("message", f.effect() instanceof Fault.Thrown t ? t.message() : null);
    m.put("probability", f.probability());
    m.put("experiment", f.experiment());
    m.put("injectedAt", f.injectedAt().toString());
    m.put("expiresAt", f.expiresAt().toString());
    m.put("injectedBy", f.injectedBy());
    return m;
  }

  /**
   * A fault as the agents get it: {@code {"method", "kind": "latency", "latencyMs", "probability",
   * "ttlSeconds"}} or {@code {"method", "kind": "error", "exception", "message", "probability",
   * "ttlSeconds"}}, {@code ttlSeconds} being the time left, rounded up.
   */
  static Map<String, Object> agentView(Fault f, long nowMillis) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", f.method());
    m.put("kind", f.effect().kind());
    if (f.effect() instanceof Fault.Latency l) {
      m.put("latencyMs", l.millis());
    } else if (f.effect() instanceof Fault.Thrown t) {
      m.put("exception", t.exception());
      m.put("message", t.message());
    }
    m.put("probability", f.probability());
    m.put("ttlSeconds", CircuitApi.ttlSeconds(f.expiresAt(), nowMillis));
    return m;
  }
}

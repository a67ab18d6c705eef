package dev.kintsugi.server.circuit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.ingest.ProjectKeys;
import dev.kintsugi.server.store.AuditStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The circuits over HTTP.
 *
 * <p>Under the admin token ({@code /api/v1/}):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{id}/circuits} → the active circuits, {@code [{"method",
 *       "mode", "fallback", "openedAt", "expiresAt", "openedBy"}]} ({@code fallback} is null in
 *       {@code fail} mode; times are ISO-8601);
 *   <li>{@code GET /api/v1/projects/{id}/circuits/{method}} → one of them, or 404;
 *   <li>{@code PUT /api/v1/projects/{id}/circuits/{method}} {@code {"mode": "fallback" | "fail",
 *       "fallback": "0", "ttlSeconds": 3600}} opens it (or replaces it) → the circuit. {@code
 *       fallback} may also be a JSON number, boolean, {@code null}, {@code []} or {@code {}} (taken
 *       as their text); {@code mode} defaults to {@code fallback} when one is given, else {@code
 *       fail}; {@code ttlSeconds} to an hour;
 *   <li>{@code DELETE /api/v1/projects/{id}/circuits/{method}} closes it → 204, or 404 when it was
 *       not open.
 * </ul>
 *
 * {@code {method}} is {@code com.acme.Pricing#quote} with the {@code #} written {@code %23}.
 *
 * <p>For the agents, under the project's DSN key (as ingest takes it: {@code X-Sentry-Auth}, {@code
 * Authorization: Sentry ...} or {@code ?sentry_key=}): {@code GET
 * /api/{projectId}/kintsugi/circuits/} → {@code {"version": "...", "circuits": [{"method", "mode",
 * "fallback", "ttlSeconds"}], "faults": [...]}} (the active faults as {@link FaultApi} lists them
 * for agents; agents that predate faults ignore the field) with {@code ETag: "<version>"} covering
 * both lists; a request whose {@code If-None-Match} names the current version gets 304 without a
 * body. {@code ttlSeconds} is the time left (rounded up), so that the agent's clock need not agree
 * with the server's; the version does not change as it counts down.
 */
public final class CircuitApi {

  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private static final List<String> FIELDS = List.of("mode", "fallback", "ttlSeconds");

  private final Store store;
  private final CircuitStore circuits;
  private final FaultStore faults;
  private final ProjectKeys keys;
  private final ObjectMapper json;
  private final Clock clock;

  public CircuitApi(
      Store store,
      CircuitStore circuits,
      FaultStore faults,
      ProjectKeys keys,
      ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.circuits = circuits;
    this.faults = faults;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  /** Adds the routes. */
  public void register(Javalin app) {
    Refused.register(app);
    app.get(
        "/api/v1/projects/{id}/circuits",
        ctx ->
            ctx.json(circuits.active(project(ctx).id()).stream().map(CircuitApi::view).toList()));
    app.get(
        "/api/v1/projects/{id}/circuits/{method}",
        ctx ->
            ctx.json(
                view(
                    circuits
                        .active(project(ctx).id(), method(ctx))
                        .orElseThrow(() -> new Refused(404, "no open circuit")))));
    app.put("/api/v1/projects/{id}/circuits/{method}", this::open);
    app.delete(
        "/api/v1/projects/{id}/circuits/{method}",
        ctx -> {
          if (!circuits.close(project(ctx).id(), method(ctx), AuditStore.ADMIN)) {
            throw new Refused(404, "no open circuit");
          }
          ctx.status(204);
        });
    app.get("/api/{projectId}/kintsugi/circuits", this::poll);
  }

  private void open(Context ctx) {
    Project project = project(ctx);
    String method = method(ctx);
    JsonNode body = body(json, ctx, FIELDS, "circuit");
    Optional<String> fallback = fallback(body.get("fallback"));
    JsonNode mode = body.get("mode");
    if (mode != null) {
      Circuit.Mode m;
      try {
        m = Circuit.Mode.of(mode.isTextual() ? mode.asText() : "");
      } catch (IllegalArgumentException e) {
        throw new Refused(400, e.getMessage());
      }
      if (m == Circuit.Mode.FALLBACK && fallback.isEmpty()) {
        throw new Refused(400, "mode fallback needs a fallback");
      }
      if (m == Circuit.Mode.FAIL && fallback.isPresent()) {
        throw new Refused(400, "mode fail takes no fallback");
      }
    }
    JsonNode ttl = body.get("ttlSeconds");
    if (ttl != null && (!ttl.isIntegralNumber() || !ttl.canConvertToLong())) {
      throw new Refused(400, "ttlSeconds must be a whole number");
    }
    try {
      Circuit circuit =
          circuits.open(
              project.id(),
              method,
              fallback,
              ttl == null ? DEFAULT_TTL : Duration.ofSeconds(ttl.longValue()),
              AuditStore.ADMIN);
      ctx.json(view(circuit));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
  }

  /**
   * The request's body: a JSON object (an empty body is {@code {}}) with no field but {@code
   * fields}.
   */
  static JsonNode body(ObjectMapper json, Context ctx, List<String> fields, String what) {
    JsonNode body;
    try {
      byte[] bytes = ctx.bodyAsBytes();
      body = bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
    } catch (IOException e) {
      throw new Refused(400, "body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new Refused(400, "body must be a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!fields.contains(f)) {
                throw new Refused(
                    400,
                    "unknown "
                        + what
                        + " field '"
                        + (f.length() > 60 ? f.substring(0, 60) + "…" : f)
                        + "'; known: "
                        + String.join(", ", fields));
              }
            });
    return body;
  }

  /** The fallback's literal: a JSON string's text, else the JSON text of a scalar, [] or {}. */
  private static Optional<String> fallback(JsonNode node) {
    if (node == null) {
      return Optional.empty();
    }
    if (node.isTextual()) {
      return Optional.of(node.asText());
    }
    if (node.isValueNode() || node.isContainerNode() && node.isEmpty()) {
      return Optional.of(node.toString());
    }
    throw new Refused(
        400, "fallback must be a string, number, boolean, null, [] or {} (empty containers only)");
  }

  private void poll(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("projectId"));
    } catch (NumberFormatException e) {
      throw new Refused(404, "unknown project");
    }
    Project project =
        keys.authenticate(
                id,
                ctx.header("X-Sentry-Auth"),
                ctx.header("Authorization"),
                ctx.queryParam("sentry_key"))
            .orElseThrow(() -> new Refused(401, "missing or invalid sentry_key for this project"));
    List<Circuit> active = circuits.active(project.id());
    List<Fault> injected = faults.active(project.id());
    String version = version(active, injected);
    ctx.header("ETag", "\"" + version + "\"");
    ctx.header("Cache-Control", "no-cache");
    if (notModified(ctx.header("If-None-Match"), version)) {
      ctx.status(304);
      return;
    }
    List<Map<String, Object>> list = new ArrayList<>();
    long nowMillis = clock.millis();
    for (Circuit c : active) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", c.method());
      m.put("mode", c.mode().wire());
      m.put("fallback", c.fallback().orElse(null));
      m.put("ttlSeconds", ttlSeconds(c.expiresAt(), nowMillis));
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("circuits", list);
    out.put("faults", injected.stream().map(f -> FaultApi.agentView(f, nowMillis)).toList());
    ctx.json(out);
  }

  /** The time left until {@code expiresAt}, in seconds rounded up (at least 1). */
  static long ttlSeconds(Instant expiresAt, long nowMillis) {
    return Math.max(1, (expiresAt.toEpochMilli() - nowMillis + 999) / 1000);
  }

  private static boolean notModified(String ifNoneMatch, String version) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals("\"" + version + "\"")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A digest of what the agents act on: changes when a circuit opens, closes or expires, or a fault
   * is injected, removed or expires. Without faults it is what it was before faults existed.
   */
  static String version(List<Circuit> active, List<Fault> injected) {
    StringBuilder text = new StringBuilder();
    for (Circuit c : active) {
      text.append(c.method())
          .append('\n')
          .append(c.mode().wire())
          .append('\n')
          .append(c.fallback().map(f -> "=" + f).orElse("-"))
          .append('\n')
          .append(c.expiresAt())
          .append('\n');
    }
    for (Fault f : injected) {
      text.append("fault\n").append(f.method()).append('\n').append(f.effect()).append('\n');
      text.append(f.probability()).append('\n').append(f.expiresAt()).append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static Map<String, Object> view(Circuit c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", c.method());
    m.put("mode", c.mode().wire());
    m.put("fallback", c.fallback().orElse(null));
    m.put("openedAt", c.openedAt().toString());
    m.put("expiresAt", c.expiresAt().toString());
    m.put("openedBy", c.openedBy());
    return m;
  }

  private Project project(Context ctx) {
    return project(store, ctx);
  }

  /** The project of the path's {@code {id}}, or 404. */
  static Project project(Store store, Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new Refused(404, "no such id: " + ctx.pathParam("id"));
    }
    return store.project(id).orElseThrow(() -> new Refused(404, "no project " + id));
  }

  /** The path's {@code {method}}, or 400 saying what a method's name is. */
  static String method(Context ctx) {
    try {
      return Circuit.checkMethod(ctx.pathParam("method"));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
  }
}

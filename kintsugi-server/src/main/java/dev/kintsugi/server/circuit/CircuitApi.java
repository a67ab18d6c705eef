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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
 * "fallback", "ttlSeconds"}]}} with {@code ETag: "<version>"}; a request whose {@code
 * If-None-Match} names the current version gets 304 without a body. {@code ttlSeconds} is the time
 * left (rounded up), so that the agent's clock need not agree with the server's; the version does
 * not change as it counts down.
 */
public final class CircuitApi {

  static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private static final Set<String> FIELDS = Set.of("mode", "fallback", "ttlSeconds");

  private final Store store;
  private final CircuitStore circuits;
  private final ProjectKeys keys;
  private final ObjectMapper json;
  private final Clock clock;

  public CircuitApi(
      Store store, CircuitStore circuits, ProjectKeys keys, ObjectMapper json, Clock clock) {
    this.store = store;
    this.circuits = circuits;
    this.keys = keys;
    this.json = json;
    this.clock = clock;
  }

  /** A request that cannot be served: {@code {"error": message}} with the status. */
  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  /** Adds the routes. */
  public void register(Javalin app) {
    app.exception(
        Refused.class, (e, ctx) -> ctx.status(e.status).json(Map.of("error", e.getMessage())));
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
              if (!FIELDS.contains(f)) {
                throw new Refused(
                    400,
                    "unknown circuit field '"
                        + (f.length() > 60 ? f.substring(0, 60) + "…" : f)
                        + "'; known: mode, fallback, ttlSeconds");
              }
            });
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
    String version = version(active);
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
      m.put("ttlSeconds", Math.max(1, (c.expiresAt().toEpochMilli() - nowMillis + 999) / 1000));
      list.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("version", version);
    out.put("circuits", list);
    ctx.json(out);
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

  /** A digest of what the agents act on: changes when a circuit opens, closes or expires. */
  static String version(List<Circuit> active) {
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
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new Refused(404, "no such id: " + ctx.pathParam("id"));
    }
    return store.project(id).orElseThrow(() -> new Refused(404, "no project " + id));
  }

  private static String method(Context ctx) {
    try {
      return Circuit.checkMethod(ctx.pathParam("method"));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
  }
}

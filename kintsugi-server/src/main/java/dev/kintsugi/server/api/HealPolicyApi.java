package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.store.HealPolicy;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's heal policy and what its heals used of it, under the admin token ({@link RestApi}
 * registers the authentication and the error mapping):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{id}/heal-policy} → the policy and {@code usage}: heals in the
 *       last hour, of new incidents in the last hour, queued or running now;
 *   <li>{@code PUT /api/v1/projects/{id}/heal-policy} {@code {"healsPerHour", "concurrentHeals",
 *       "newFingerprintHealsPerHour", "trustedRefs", "minFrameEvents"}} (any subset; the rest keeps
 *       its value) → the new policy; a bad value is a 400 naming it.
 * </ul>
 */
public final class HealPolicyApi {

  private final Store store;
  private final HealPolicyStore policies;
  private final HealRunStore runs;
  private final ObjectMapper json;
  private final Runnable wakeHealer;

  public HealPolicyApi(
      Store store,
      HealPolicyStore policies,
      HealRunStore runs,
      ObjectMapper json,
      Runnable wakeHealer) {
    this.store = store;
    this.policies = policies;
    this.runs = runs;
    this.json = json;
    this.wakeHealer = wakeHealer;
  }

  public void register(Javalin app) {
    app.get("/api/v1/projects/{id}/heal-policy", ctx -> ctx.json(view(project(ctx))));
    app.put("/api/v1/projects/{id}/heal-policy", this::update);
  }

  private void update(Context ctx) {
    Project project = project(ctx);
    JsonNode body;
    try {
      body = json.readTree(ctx.bodyAsBytes());
    } catch (IOException e) {
      throw new ApiError(400, "body is not valid JSON");
    }
    if (body == null || !body.isObject()) {
      throw new ApiError(400, "body must be a JSON object");
    }
    List<String> known =
        List.of(
            "healsPerHour",
            "concurrentHeals",
            "newFingerprintHealsPerHour",
            "trustedRefs",
            "minFrameEvents");
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw new ApiError(
                    400,
                    "unknown heal policy field '"
                        + (f.length() > 60 ? f.substring(0, 60) + "…" : f)
                        + "'; known: "
                        + String.join(", ", known));
              }
            });
    HealPolicy old = policies.get(project.id());
    HealPolicy next;
    try {
      next =
          new HealPolicy(
              number(body, "healsPerHour", old.healsPerHour()),
              number(body, "concurrentHeals", old.concurrentHeals()),
              number(body, "newFingerprintHealsPerHour", old.newFingerprintHealsPerHour()),
              refs(body, old.trustedRefs()),
              number(body, "minFrameEvents", old.minFrameEvents()));
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, e.getMessage());
    }
    policies.set(project.id(), next);
    wakeHealer.run();
    ctx.json(view(project));
  }

  private static int number(JsonNode body, String field, int fallback) {
    JsonNode n = body.get(field);
    if (n == null) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new ApiError(400, field + " must be a whole number");
    }
    return n.intValue();
  }

  private static List<String> refs(JsonNode body, List<String> fallback) {
    JsonNode n = body.get("trustedRefs");
    if (n == null) {
      return fallback;
    }
    if (!n.isArray()) {
      throw new ApiError(400, "trustedRefs must be an array of branch or tag names");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode ref : n) {
      if (!ref.isTextual()) {
        throw new ApiError(400, "trustedRefs must be an array of branch or tag names");
      }
      out.add(ref.asText());
    }
    return out;
  }

  private Project project(Context ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiError(404, "no such id: " + ctx.pathParam("id"));
    }
    return store.project(id).orElseThrow(() -> new ApiError(404, "no project " + id));
  }

  private Map<String, Object> view(Project project) {
    HealPolicy p = policies.get(project.id());
    HealRunStore.Usage u = runs.usage(project.id());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("healsPerHour", p.healsPerHour());
    out.put("concurrentHeals", p.concurrentHeals());
    out.put("newFingerprintHealsPerHour", p.newFingerprintHealsPerHour());
    out.put("trustedRefs", p.trustedRefs());
    out.put("minFrameEvents", p.minFrameEvents());
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("healsLastHour", u.lastHour());
    usage.put("newFingerprintHealsLastHour", u.newLastHour());
    usage.put("inFlight", u.inFlight());
    out.put("usage", usage);
    return out;
  }
}

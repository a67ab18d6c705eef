package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.server.store.DeliverySettings;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * How a project's fixes are delivered, under the admin token ({@link RestApi} registers the
 * authentication and the error mapping):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{id}/delivery} → the settings, and {@code forgeToken}: {@code
 *       configured} or {@code missing} (never the token)
 *   <li>{@code PUT /api/v1/projects/{id}/delivery} {@code {"mode": "branch"|"pr", "forge"?,
 *       "forgeUrl"?, "forgeRepo"?, "base"?, "environment"?, "criticality"?, "policy"?}} → the
 *       settings as stored (a PUT replaces them all). A bad value is a 400 naming the field, as
 *       {@link DeliveryFields} checks them: a policy (YAML or JSON text) that does not read is a
 *       400 with {@link PolicyFile}'s message, which names the policy's field; {@code pr} on a
 *       server without a forge token is a 400.
 * </ul>
 *
 * The forge token comes only from the server's environment ({@code KINTSUGI_FORGE_TOKEN}, read once
 * by the healer at start): never accepted here, stored or shown.
 */
public final class DeliveryApi {

  static final Set<String> FIELDS = Set.copyOf(DeliveryFields.NAMES);

  private final Store store;
  private final DeliverySettingsStore settings;
  private final ObjectMapper json;
  private final BooleanSupplier forgeToken;

  /**
   * @param forgeToken whether the server's healer holds a forge token, so fixes can become pull
   *     requests
   */
  public DeliveryApi(
      Store store, DeliverySettingsStore settings, ObjectMapper json, BooleanSupplier forgeToken) {
    this.store = store;
    this.settings = settings;
    this.json = json;
    this.forgeToken = forgeToken;
  }

  public void register(Javalin app) {
    app.get(
        "/api/v1/projects/{id}/delivery", ctx -> ctx.json(view(settings.get(project(ctx).id()))));
    app.put("/api/v1/projects/{id}/delivery", this::update);
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
    ProjectFields.onlyKnown(body, FIELDS);
    Map<String, String> given = new HashMap<>();
    for (String field : DeliveryFields.NAMES) {
      JsonNode n = body.get(field);
      if (n == null || n.isNull()) {
        continue;
      }
      if (!n.isTextual()) {
        throw new FieldError(
            field,
            field.equals("policy")
                ? "policy must be the policy's YAML or JSON text, as a string"
                : field + " must be a string");
      }
      given.put(field, n.asText());
    }
    DeliverySettings next = DeliveryFields.read(given::get, forgeToken.getAsBoolean());
    settings.set(project.id(), next);
    ctx.json(view(next));
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

  private Map<String, Object> view(DeliverySettings s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("mode", s.mode());
    out.put("forge", s.forge().orElse(null));
    out.put("forgeUrl", s.forgeUrl().orElse(null));
    out.put("forgeRepo", s.forgeRepo().orElse(null));
    out.put("base", s.base().orElse(null));
    out.put("environment", s.environment().orElse(null));
    out.put("criticality", s.criticality().orElse(null));
    out.put("policy", s.policy().orElse(null));
    out.put("forgeToken", forgeToken.getAsBoolean() ? "configured" : "missing");
    return out;
  }
}

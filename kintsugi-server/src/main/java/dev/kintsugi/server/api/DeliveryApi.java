package dev.kintsugi.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.server.store.DeliverySettings;
import dev.kintsugi.server.store.DeliverySettingsStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * How a project's fixes are delivered, under the admin token ({@link RestApi} registers the
 * authentication and the error mapping):
 *
 * <ul>
 *   <li>{@code GET /api/v1/projects/{id}/delivery} → the settings, and {@code forgeToken}: {@code
 *       configured} or {@code missing} (never the token)
 *   <li>{@code PUT /api/v1/projects/{id}/delivery} {@code {"mode": "branch"|"pr", "forge"?,
 *       "forgeUrl"?, "forgeRepo"?, "base"?, "environment"?, "criticality"?, "policy"?}} → the
 *       settings as stored (a PUT replaces them all). A bad value is a 400 naming the field; a
 *       policy (YAML or JSON text) that does not read is a 400 with {@link PolicyFile}'s message,
 *       which names the policy's field; {@code pr} on a server without a forge token is a 400.
 * </ul>
 *
 * The forge token comes only from the server's environment ({@code KINTSUGI_FORGE_TOKEN}, read once
 * by the healer at start): never accepted here, stored or shown.
 */
public final class DeliveryApi {

  static final Set<String> FIELDS =
      Set.of(
          "mode", "forge", "forgeUrl", "forgeRepo", "base", "environment", "criticality", "policy");

  private static final Set<String> FORGES = Set.of("github", "gitlab", "gitea", "forgejo");
  private static final Pattern REPO_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

  /** A branch name git accepts, conservatively: no "..", "//", "@{", leading "-" or "/". */
  private static final Pattern BRANCH =
      Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*/$)(?!.*\\.lock$)[A-Za-z0-9._/-]{1,255}");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

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
    String mode = text(body, "mode", 10).orElse("");
    if (!mode.equals(DeliverySettings.BRANCH) && !mode.equals(DeliverySettings.PR)) {
      throw new ApiError(400, "mode is required: branch or pr");
    }
    Optional<String> forge = text(body, "forge", 20).map(f -> f.toLowerCase(Locale.ROOT));
    if (forge.isPresent() && !FORGES.contains(forge.get())) {
      throw new ApiError(400, "forge must be github, gitlab, gitea or forgejo");
    }
    Optional<String> forgeUrl = text(body, "forgeUrl", 2000).map(DeliveryApi::apiUrl);
    Optional<String> forgeRepo = text(body, "forgeRepo", 300);
    forgeRepo.ifPresent(r -> checkRepo(r, forge));
    Optional<String> base = text(body, "base", 255);
    if (base.isPresent() && !BRANCH.matcher(base.get()).matches()) {
      throw new ApiError(400, "base must be a branch name (letters, digits, '.', '_', '-', '/')");
    }
    Optional<String> environment = name(body, "environment");
    Optional<String> criticality = name(body, "criticality");
    Optional<String> policy = Optional.empty();
    JsonNode p = body.get("policy");
    if (p != null && !p.isNull()) {
      if (!p.isTextual()) {
        throw new ApiError(400, "policy must be the policy's YAML or JSON text, as a string");
      }
      try {
        PolicyFile.parse(p.asText(), "policy");
      } catch (PolicyException e) {
        throw new ApiError(400, e.getMessage());
      }
      policy = Optional.of(p.asText());
    }
    if (mode.equals(DeliverySettings.PR) && !forgeToken.getAsBoolean()) {
      throw new ApiError(
          400,
          "mode pr needs a forge token: start the server with KINTSUGI_FORGE_TOKEN set to a token"
              + " that may push branches and open pull requests (and healing on)");
    }
    DeliverySettings next =
        new DeliverySettings(
            mode, forge, forgeUrl, forgeRepo, base, environment, criticality, policy);
    settings.set(project.id(), next);
    ctx.json(view(next));
  }

  /** A string field, stripped; empty when absent, null or blank. */
  private static Optional<String> text(JsonNode body, String field, int max) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isTextual()) {
      throw new ApiError(400, field + " must be a string");
    }
    String value = n.asText().strip();
    if (value.length() > max) {
      throw new ApiError(400, field + " must be at most " + max + " characters");
    }
    if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw new ApiError(400, field + " must not contain spaces or control characters");
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> name(JsonNode body, String field) {
    Optional<String> value = text(body, field, 64);
    if (value.isPresent() && !NAME.matcher(value.get()).matches()) {
      throw new ApiError(
          400, field + " must be a name of letters, digits, '.', '_' and '-' (at most 64)");
    }
    return value;
  }

  /** The forge's API root: http(s), a host, no credentials (the token never goes in a URL). */
  private static String apiUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new ApiError(400, "forgeUrl is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new ApiError(
          400, "forgeUrl must be an http(s) URL of the forge's API, e.g. https://host/api/v1");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ApiError(
          400, "forgeUrl must not carry credentials (the token comes from KINTSUGI_FORGE_TOKEN)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new ApiError(400, "forgeUrl must be the API's root, without query or fragment");
    }
    return value.endsWith("/") ? value.replaceAll("/+$", "") : value;
  }

  private static void checkRepo(String repo, Optional<String> forge) {
    String[] segments = repo.split("/", -1);
    boolean gitlab = forge.map("gitlab"::equals).orElse(false);
    boolean valid = gitlab ? segments.length >= 2 : segments.length == 2;
    if (forge.isEmpty()) {
      valid = segments.length >= 2;
    }
    for (String segment : segments) {
      valid &=
          REPO_SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
    }
    if (!valid) {
      throw new ApiError(
          400,
          "forgeRepo must be OWNER/NAME (GitLab: GROUP/.../NAME) of letters, digits, '.', '-' and"
              + " '_'");
    }
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

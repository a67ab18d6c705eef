package dev.kintsugi.server.api;

import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.server.store.DeliverySettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads and checks a project's {@link DeliverySettings} from its fields' text, for the REST API
 * ({@link DeliveryApi}) and the dashboard's delivery form alike: a bad value is a {@link
 * FieldError} naming the field; a policy (YAML or JSON text) that does not read is one with {@link
 * PolicyFile}'s message, which names the policy's own field; {@code pr} on a server without a forge
 * token is one naming {@code mode}.
 */
public final class DeliveryFields {

  /** The fields, as the REST API names them. */
  public static final List<String> NAMES =
      List.of(
          "mode", "forge", "forgeUrl", "forgeRepo", "base", "environment", "criticality", "policy");

  private static final List<String> FORGES = List.of("github", "gitlab", "gitea", "forgejo");
  private static final Pattern REPO_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]+");

  /** A branch name git accepts, conservatively: no "..", "//", "@{", leading "-" or "/". */
  private static final Pattern BRANCH =
      Pattern.compile("(?!-)(?!/)(?!.*\\.\\.)(?!.*//)(?!.*/$)(?!.*\\.lock$)[A-Za-z0-9._/-]{1,255}");

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private DeliveryFields() {}

  /**
   * The settings the fields describe.
   *
   * @param field a field's text by its name in {@link #NAMES}; null when not given
   * @param forgeToken whether the server's healer holds a forge token (needed for {@code pr})
   * @throws FieldError naming the first field that is not allowed
   */
  public static DeliverySettings read(Function<String, String> field, boolean forgeToken) {
    String mode = text(field, "mode", 10).orElse("");
    if (!mode.equals(DeliverySettings.BRANCH) && !mode.equals(DeliverySettings.PR)) {
      throw new FieldError("mode", "mode is required: branch or pr");
    }
    Optional<String> forge = text(field, "forge", 20).map(f -> f.toLowerCase(Locale.ROOT));
    if (forge.isPresent() && !FORGES.contains(forge.get())) {
      throw new FieldError("forge", "forge must be github, gitlab, gitea or forgejo");
    }
    Optional<String> forgeUrl = text(field, "forgeUrl", 2000).map(DeliveryFields::apiUrl);
    Optional<String> forgeRepo = text(field, "forgeRepo", 300);
    forgeRepo.ifPresent(r -> checkRepo(r, forge));
    Optional<String> base = text(field, "base", 255);
    if (base.isPresent() && !BRANCH.matcher(base.get()).matches()) {
      throw new FieldError(
          "base", "base must be a branch name (letters, digits, '.', '_', '-', '/')");
    }
    Optional<String> environment = name(field, "environment");
    Optional<String> criticality = name(field, "criticality");
    Optional<String> policy = Optional.ofNullable(field.apply("policy"));
    if (policy.isPresent()) {
      try {
        PolicyFile.parse(policy.get(), "policy");
      } catch (PolicyException e) {
        throw new FieldError("policy", e.getMessage());
      }
    }
    if (mode.equals(DeliverySettings.PR) && !forgeToken) {
      throw new FieldError(
          "mode",
          "mode pr needs a forge token: start the server with KINTSUGI_FORGE_TOKEN set to a token"
              + " that may push branches and open pull requests (and healing on)");
    }
    return new DeliverySettings(
        mode, forge, forgeUrl, forgeRepo, base, environment, criticality, policy);
  }

  /** A field's text, stripped; empty when not given or blank. */
  private static Optional<String> text(Function<String, String> field, String name, int max) {
    String given = field.apply(name);
    if (given == null) {
      return Optional.empty();
    }
    String value = given.strip();
    if (value.length() > max) {
      throw new FieldError(name, name + " must be at most " + max + " characters");
    }
    if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
      throw new FieldError(name, name + " must not contain spaces or control characters");
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static Optional<String> name(Function<String, String> field, String name) {
    Optional<String> value = text(field, name, 64);
    if (value.isPresent() && !NAME.matcher(value.get()).matches()) {
      throw new FieldError(
          name, name + " must be a name of letters, digits, '.', '_' and '-' (at most 64)");
    }
    return value;
  }

  /** The forge's API root: http(s), a host, no credentials (the token never goes in a URL). */
  private static String apiUrl(String value) {
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw new FieldError("forgeUrl", "forgeUrl is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      throw new FieldError(
          "forgeUrl",
          "forgeUrl must be an http(s) URL of the forge's API, e.g. https://host/api/v1");
    }
    if (uri.getRawUserInfo() != null) {
      throw new FieldError(
          "forgeUrl",
          "forgeUrl must not carry credentials (the token comes from KINTSUGI_FORGE_TOKEN)");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new FieldError(
          "forgeUrl", "forgeUrl must be the API's root, without query or fragment");
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
      throw new FieldError(
          "forgeRepo",
          "forgeRepo must be OWNER/NAME (GitLab: GROUP/.../NAME) of letters, digits, '.', '-' and"
              + " '_'");
    }
  }
}

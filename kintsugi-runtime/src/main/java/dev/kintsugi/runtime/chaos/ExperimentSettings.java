package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An experiment's {@code configuration} and {@code secrets} once resolved (environment values read,
 * {@code --var} overrides applied), and what Kintsugi reads from them: {@code kintsugi_url}, {@code
 * kintsugi_token}, {@code kintsugi_sandbox_dir}. Secret values (and the token) are kept for masking
 * only; {@link #toString()} shows none of them.
 */
final class ExperimentSettings {

  static final String URL = "kintsugi_url";
  static final String TOKEN = "kintsugi_token";
  static final String SANDBOX = "kintsugi_sandbox_dir";

  private final Map<String, JsonNode> values;
  private final Optional<URI> kintsugiUrl;
  private final Optional<String> token;
  private final Optional<Path> sandboxDir;
  private final Set<String> secretValues;

  private ExperimentSettings(
      Map<String, JsonNode> values,
      Optional<URI> kintsugiUrl,
      Optional<String> token,
      Optional<Path> sandboxDir,
      Set<String> secretValues) {
    this.values = values;
    this.kintsugiUrl = kintsugiUrl;
    this.token = token;
    this.sandboxDir = sandboxDir;
    this.secretValues = Set.copyOf(secretValues);
  }

  /**
   * Resolves the experiment's {@code configuration} and {@code secrets} sections.
   *
   * @param vars {@code --var KEY=VALUE} overrides of configuration values (a number or {@code
   *     true}/{@code false} is read as such)
   * @param env where {@code {"type": "env", "key": ...}} values come from
   */
  static ExperimentSettings resolve(
      JsonNode configuration, JsonNode secrets, Map<String, String> vars, Map<String, String> env)
      throws RuntimeConfigException {
    Map<String, JsonNode> config = new LinkedHashMap<>();
    if (configuration != null && !configuration.isNull()) {
      if (!configuration.isObject()) {
        throw new RuntimeConfigException(
            "configuration", "must be a mapping, was " + ConfigNode.shown(configuration));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        config.put(e.getKey(), value(e.getValue(), "configuration." + e.getKey(), env));
      }
    }
    vars.forEach((k, v) -> config.put(k, var(v)));
    Set<String> masked = new HashSet<>();
    Map<String, JsonNode> all = new HashMap<>(config);
    if (secrets != null && !secrets.isNull()) {
      if (!secrets.isObject()) {
        throw new RuntimeConfigException(
            "secrets", "must be a mapping of scopes, was " + ConfigNode.shown(secrets));
      }
      for (Iterator<Map.Entry<String, JsonNode>> scopes = secrets.fields(); scopes.hasNext(); ) {
        Map.Entry<String, JsonNode> scope = scopes.next();
        String path = "secrets." + scope.getKey();
        if (!scope.getValue().isObject()) {
          throw new RuntimeConfigException(
              path,
              "must be a mapping of names to secrets, was a " + scope.getValue().getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = scope.getValue().fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode v = value(e.getValue(), path + "." + e.getKey(), env);
          all.put(e.getKey(), v);
          masked.add(v.isTextual() ? v.textValue() : v.toString());
        }
      }
    }
    ConfigNode kintsugi =
        ConfigNode.of(
            new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(config),
            "configuration",
            List.copyOf(config.keySet()));
    Optional<URI> url = kintsugi.optionalHttpUrl(URL);
    Optional<String> token = kintsugi.optionalText(TOKEN);
    token.ifPresent(masked::add);
    Optional<Path> sandbox = kintsugi.optionalPath(SANDBOX);
    masked.removeIf(s -> s.length() < 4); // too short to mask without mangling ordinary text
    return new ExperimentSettings(all, url, token, sandbox, masked);
  }

  /** Substitutes configuration and secret values into an activity. */
  Substitution substitution() {
    return new Substitution(values);
  }

  Optional<URI> kintsugiUrl() {
    return kintsugiUrl;
  }

  Optional<String> token() {
    return token;
  }

  Optional<Path> sandboxDir() {
    return sandboxDir;
  }

  /** The texts never to write anywhere (secret values, the token). */
  Set<String> secretValues() {
    return secretValues;
  }

  @Override
  public String toString() {
    return "ExperimentSettings" + values.keySet();
  }

  private static JsonNode value(JsonNode node, String path, Map<String, String> env)
      throws RuntimeConfigException {
    if (!node.isObject() || !node.has("type")) {
      return node;
    }
    ConfigNode typed = ConfigNode.of(node, path, List.of("type", "key", "default"));
    String type = typed.text("type");
    if (!type.equals("env")) {
      throw new RuntimeConfigException(
          path + ".type", "only \"env\" values are supported, was \"" + type + "\"");
    }
    String key = typed.text("key");
    String found = env.get(key);
    if (found != null) {
      return TextNode.valueOf(found);
    }
    if (typed.has("default")) {
      return typed.get("default");
    }
    throw new RuntimeConfigException(
        path, "the environment variable " + key + " is not set (and there is no default)");
  }

  private static JsonNode var(String text) {
    if (text.equals("true") || text.equals("false")) {
      return BooleanNode.valueOf(Boolean.parseBoolean(text));
    }
    try {
      return LongNode.valueOf(Long.parseLong(text));
    } catch (NumberFormatException e) {
      // not a whole number
    }
    try {
      return DecimalNode.valueOf(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return TextNode.valueOf(text);
    }
  }
}

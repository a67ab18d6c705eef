package dev.kintsugi.runtime.action;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Parses actions from YAML text with test settings, as a runbook's {@code do} entry would be. */
final class TestActions {

  /** As the runtime configuration should read YAML: {@code off} is a word, not {@code false}. */
  static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
              .build());

  private TestActions() {}

  static ActionSettings settings(Map<String, String> env, List<String> allowed, Circuits circuits) {
    return new ActionSettings(
        allowed,
        (kubeconfig, context) -> {
          throw new AssertionError("no Kubernetes here");
        },
        circuits,
        "shop",
        env,
        Clock.systemUTC());
  }

  /** Settings with the test JVM's environment, no allowed commands, no circuits. */
  static ActionSettings settings() {
    return settings(System.getenv(), List.of(), InMemoryCircuits.NONE);
  }

  static RuntimeAction parse(String yaml, ActionSettings settings) throws RuntimeConfigException {
    try {
      return Actions.parse(YAML.readTree(yaml), "do[0]", settings);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static RuntimeAction parse(String yaml) throws RuntimeConfigException {
    return parse(yaml, settings());
  }
}

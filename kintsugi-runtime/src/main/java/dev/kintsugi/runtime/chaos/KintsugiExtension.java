package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The experiment's {@code kintsugi} extension: {@code {name: kintsugi, project: shop, recovery:
 * {within: 60s, every: 1s}}}. With {@code recovery}, the runner polls the steady-state hypothesis
 * after the method until it holds or {@code within} has passed (without it: one check, as Chaos
 * Toolkit does); {@code project} names whose runbook runs give the time to detect.
 */
record KintsugiExtension(Optional<String> project, Optional<Recovery> recovery) {

  static final String NAME = "kintsugi";

  /** Poll every {@code every} for at most {@code within} after the method. */
  record Recovery(Duration within, Duration every) {}

  static KintsugiExtension parse(JsonNode node, String path) throws RuntimeConfigException {
    ConfigNode e = ConfigNode.of(node, path, List.of("name", "project", "recovery"));
    Optional<Recovery> recovery = Optional.empty();
    if (e.has("recovery")) {
      ConfigNode r =
          ConfigNode.of(e.get("recovery"), e.path("recovery"), List.of("within", "every"));
      Duration within = r.duration("within", Duration.ofSeconds(60));
      Duration every = r.duration("every", Duration.ofSeconds(1));
      if (every.compareTo(within) > 0) {
        throw new RuntimeConfigException(r.path("every"), "must not be longer than within");
      }
      recovery = Optional.of(new Recovery(within, every));
    }
    return new KintsugiExtension(e.optionalText("project"), recovery);
  }
}

package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.CommandRunner;
import dev.kintsugi.runtime.action.Executables;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Chaos Toolkit's {@code process} provider, without a shell: {@code path} (absolute, or a name on
 * PATH) run with {@code arguments} (a list, or a mapping flattened to {@code key value} pairs; a
 * string, which Chaos Toolkit hands to a shell, is refused), within {@code timeout} seconds. The
 * output is {@code {"status", "stdout", "stderr"}}; stderr is captured together with stdout, so
 * {@code stderr} is empty.
 */
record ProcessProvider(Path executable, List<String> arguments, Duration timeout)
    implements Provider {

  static final List<String> FIELDS = List.of("type", "path", "arguments", "timeout", "secrets");

  static ProcessProvider parse(ConfigNode p, Map<String, String> env)
      throws RuntimeConfigException {
    String path = p.text("path");
    Optional<Path> executable = Executables.resolve(path, env);
    if (executable.isEmpty()) {
      throw new RuntimeConfigException(
          p.path("path"),
          "\"" + path + "\" is not an executable file (an absolute path or a name on PATH)");
    }
    List<String> args = new ArrayList<>();
    JsonNode a = p.get("arguments");
    if (a != null && !a.isNull()) {
      if (a.isTextual()) {
        throw new RuntimeConfigException(
            p.path("arguments"),
            "must be a list (a string would need a shell, and Kintsugi runs no shell)");
      } else if (a.isArray()) {
        for (int i = 0; i < a.size(); i++) {
          add(args, a.get(i), p.path("arguments") + "[" + i + "]");
        }
      } else if (a.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          args.add(e.getKey());
          add(args, e.getValue(), p.path("arguments") + "." + e.getKey());
        }
      } else {
        throw new RuntimeConfigException(p.path("arguments"), "must be a list");
      }
    }
    double seconds = p.number("timeout", 60, 0.001, 86_400);
    return new ProcessProvider(
        executable.get(), List.copyOf(args), Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static void add(List<String> args, JsonNode value, String path)
      throws RuntimeConfigException {
    if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
      return; // as Chaos Toolkit: empty arguments are dropped
    }
    if (!value.isValueNode()) {
      throw new RuntimeConfigException(path, "must be a string or a number");
    }
    args.add(value.asText());
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed, InterruptedException {
    CommandRunner.Result result =
        CommandRunner.run(executable, arguments, Optional.empty(), context.env(), timeout);
    if (result.problem().isPresent()) {
      throw new ActivityFailed(result.problem().get());
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", result.exitCode());
    out.put("stdout", result.output());
    out.put("stderr", "");
    return out;
  }
}

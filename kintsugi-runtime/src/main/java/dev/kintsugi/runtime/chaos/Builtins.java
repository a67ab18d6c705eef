package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code python} provider, for Kintsugi's built-in modules only (Python cannot run here), named
 * as Chaos Toolkit extensions are ({@code chaosk8s.pod.actions}):
 *
 * <ul>
 *   <li>{@code chaoskintsugi.process.actions}: {@code kill_process(pid_file | pid, signal="KILL")},
 *       {@code pause_process(pid_file | pid)} (SIGSTOP), {@code resume_process(pid_file | pid)}
 *       (SIGCONT)
 *   <li>{@code chaoskintsugi.agent.actions}: {@code inject_latency(project, method, latency_ms,
 *       probability=1, duration="5m")}, {@code inject_errors(project, method,
 *       exception="java.lang.IllegalStateException", message="chaos", probability=1,
 *       duration="5m")}, {@code remove_fault(project, method)}: the Kintsugi server's agent faults
 *   <li>{@code chaoskintsugi.disk.actions}: {@code fill_disk(path, bytes)}, {@code
 *       release_disk(path)}, only inside {@code configuration.kintsugi_sandbox_dir}
 *   <li>{@code chaoskintsugi.runtime.probes}: {@code runbook_runs(project, since)}
 * </ul>
 */
final class Builtins {

  static final String PREFIX = "chaoskintsugi.";
  static final List<String> FIELDS = List.of("type", "module", "func", "arguments", "secrets");

  /** Reads one function's arguments (a mapping; {@code path} names it). */
  interface Function {
    Provider parse(JsonNode arguments, String path, Call call) throws RuntimeConfigException;
  }

  /**
   * Where a call is written and what the experiment configures, for its errors and checks.
   *
   * @param provider the provider's path ({@code method[0].provider})
   * @param name {@code module.func}
   */
  record Call(String provider, String name, ExperimentSettings settings) {

    /** Fails unless the experiment names a Kintsugi server (URL and token). */
    void needsServer() throws RuntimeConfigException {
      if (settings.kintsugiUrl().isEmpty()) {
        throw new RuntimeConfigException(
            "configuration." + ExperimentSettings.URL, "is required by " + this);
      }
      if (settings.token().isEmpty()) {
        throw new RuntimeConfigException(
            "configuration." + ExperimentSettings.TOKEN, "is required by " + this);
      }
    }

    @Override
    public String toString() {
      return provider + " (" + name + ")";
    }
  }

  private static final Map<String, Map<String, Function>> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put(
        "chaoskintsugi.process.actions",
        Map.of(
            "kill_process", (a, at, c) -> ProcessSignal.parse(a, at, null),
            "pause_process", (a, at, c) -> ProcessSignal.parse(a, at, "STOP"),
            "resume_process", (a, at, c) -> ProcessSignal.parse(a, at, "CONT")));
    MODULES.put(
        "chaoskintsugi.agent.actions",
        Map.of(
            "inject_latency", (a, at, c) -> AgentFault.latency(a, at, c),
            "inject_errors", (a, at, c) -> AgentFault.errors(a, at, c),
            "remove_fault", (a, at, c) -> AgentFault.remove(a, at, c)));
    MODULES.put(
        "chaoskintsugi.disk.actions",
        Map.of(
            "fill_disk", (a, at, c) -> DiskFill.fill(a, at, c),
            "release_disk", (a, at, c) -> DiskFill.release(a, at, c)));
    MODULES.put(
        "chaoskintsugi.runtime.probes",
        Map.of("runbook_runs", (a, at, c) -> RunbookRunsProbe.parse(a, at, c)));
  }

  private Builtins() {}

  /** Reads a python provider ({@code provider} is its path) as a call of a built-in function. */
  static Provider parse(ConfigNode p, String provider, ExperimentSettings settings)
      throws RuntimeConfigException {
    String module = p.text("module");
    if (!module.startsWith(PREFIX)) {
      throw new RuntimeConfigException(
          p.path("module"),
          "Python cannot run here: a python provider may only name Kintsugi's built-in modules ("
              + String.join(", ", MODULES.keySet())
              + "), was \""
              + module
              + "\"");
    }
    Map<String, Function> functions = MODULES.get(module);
    if (functions == null) {
      throw new RuntimeConfigException(
          p.path("module"),
          "unknown built-in module \""
              + module
              + "\" (one of: "
              + String.join(", ", MODULES.keySet())
              + ")");
    }
    String func = p.text("func");
    Function f = functions.get(func);
    if (f == null) {
      throw new RuntimeConfigException(
          p.path("func"),
          "unknown function \""
              + func
              + "\" of "
              + module
              + " (one of: "
              + String.join(", ", functions.keySet().stream().sorted().toList())
              + ")");
    }
    JsonNode arguments = p.get("arguments");
    return f.parse(
        arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode() : arguments,
        p.path("arguments"),
        new Call(provider, module + "." + func, settings));
  }
}

package dev.kintsugi.runtime.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.runtime.RuntimeConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading experiment files: what Chaos Toolkit accepts, and errors naming the bad field. */
class ExperimentsTest {

  private static final Map<String, String> ENV = Map.of("KINTSUGI_TOKEN", "s3cret-token-value");

  @TempDir Path dir;

  private static final String PROBE =
      "{\"type\": \"probe\", \"name\": \"up\", \"tolerance\": 200,"
          + " \"provider\": {\"type\": \"http\", \"url\": \"http://127.0.0.1:1/health\"}}";
  private static final String PAUSE =
      "{\"type\": \"action\", \"name\": \"pause\", \"provider\": {\"type\": \"python\","
          + " \"module\": \"chaoskintsugi.process.actions\", \"func\": \"pause_process\","
          + " \"arguments\": {\"pid_file\": \"/tmp/x.pid\"}}}";

  private static Experiment json(String text) throws RuntimeConfigException {
    return Experiments.parse(text, true, Map.of(), ENV);
  }

  private static Experiment yaml(String text) throws RuntimeConfigException {
    return Experiments.parse(text, false, Map.of(), ENV);
  }

  private static void failsJson(String text, String field, String problem) {
    assertThatThrownBy(() -> json(text))
        .isInstanceOfSatisfying(
            RuntimeConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(problem);
  }

  private static void failsYaml(String text, String field, String problem) {
    assertThatThrownBy(() -> yaml(text))
        .isInstanceOfSatisfying(
            RuntimeConfigException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(problem);
  }

  @Test
  void aChaosToolkitExperimentIsRead() throws Exception {
    Experiment e =
        json(
            "{\"version\": \"1.0.0\", \"title\": \"t\", \"tags\": [\"a\"], \"contributions\": {},"
                + " \"steady-state-hypothesis\": {\"title\": \"h\", \"probes\": ["
                + PROBE
                + "]}, \"method\": ["
                + PAUSE
                + ", {\"ref\": \"up\"}], \"rollbacks\": [],"
                + " \"extensions\": [{\"name\": \"chaosiq\", \"anything\": 1},"
                + " {\"name\": \"kintsugi\", \"project\": \"shop\","
                + " \"recovery\": {\"within\": \"5s\", \"every\": \"500ms\"}}]}");
    assertThat(e.title()).isEqualTo("t");
    assertThat(e.tags()).containsExactly("a");
    assertThat(e.methodSize()).isEqualTo(2);
    assertThat(e.method().get(1).name()).isEqualTo("up");
    assertThat(e.kintsugi().project()).contains("shop");
    assertThat(e.kintsugi().recovery().orElseThrow().every()).hasMillis(500);
  }

  @Test
  void jsonErrorsNameTheField() {
    failsJson("{\"method\": [" + PAUSE + "]}", "title", "is required");
    failsJson("{\"title\": \"t\"}", "method", "non-empty list");
    failsJson("{\"title\": \"t\", \"method\": []}", "method", "non-empty list");
    failsJson(
        "{\"title\": \"t\", \"steady_state_hypothesis\": {}, \"method\": [" + PAUSE + "]}",
        "steady_state_hypothesis",
        "unknown field");
    failsJson(
        "{\"title\": \"t\", \"method\": ["
            + PAUSE.replace("chaoskintsugi.process.actions", "chaosk8s.pod.actions")
            + "]}",
        "method[0].provider.module",
        "Python cannot run here");
    failsJson(
        "{\"title\": \"t\", \"steady-state-hypothesis\": {\"title\": \"h\", \"probes\": ["
            + PROBE.replace("\"tolerance\": 200,", "")
            + "]}, \"method\": ["
            + PAUSE
            + "]}",
        "steady-state-hypothesis.probes[0].tolerance",
        "is required");
    failsJson(
        "{\"title\": \"t\", \"steady-state-hypothesis\": {\"title\": \"h\", \"probes\": ["
            + PROBE.replace("200", "{\"type\": \"range\", \"range\": [1, 2, 3]}")
            + "]}, \"method\": ["
            + PAUSE
            + "]}",
        "steady-state-hypothesis.probes[0].tolerance.range",
        "two numbers");
    failsJson(
        "{\"title\": \"t\", \"method\": [" + PAUSE + "], \"rollbacks\": [{\"ref\": \"nope\"}]}",
        "rollbacks[0].ref",
        "no activity is named \"nope\"");
    failsJson("{\"title\": \"t\", \"method\": [" + PAUSE + "]", "(file)", "not valid JSON");
  }

  @Test
  void yamlErrorsNameTheField() {
    String pause =
        "  - type: action\n    name: pause\n    provider:\n      type: python\n"
            + "      module: chaoskintsugi.process.actions\n      func: pause_process\n"
            + "      arguments: { pid_file: /tmp/x.pid }\n";
    failsYaml(
        "title: t\nmethod:\n" + pause + pause.replace("pause_process", "freeze_process"),
        "method[1].provider.func",
        "unknown function \"freeze_process\" of chaoskintsugi.process.actions");
    failsYaml(
        "title: t\nmethod:\n"
            + pause.replace("pid_file: /tmp/x.pid", "pid_file: /tmp/x.pid, pid: 12"),
        "method[0].provider.arguments",
        "exactly one of pid_file, pid");
    failsYaml(
        "title: t\nmethod:\n" + pause + "    background: true\n",
        "method[0].background",
        "not supported");
    failsYaml(
        "title: t\nmethod:\n  - type: action\n    name: p\n    provider:\n"
            + "      type: process\n      path: "
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "\n      arguments: -STOP 1234\n",
        "method[0].provider.arguments",
        "no shell");
    failsYaml(
        "title: t\nmethod:\n" + pause + "    pauses: { after: soon }\n",
        "method[0].pauses.after",
        "must be a number");
    failsYaml(
        "title: t\nsteady-state-hypothesis:\n  title: h\n  probes:\n"
            + "    - type: probe\n      name: up\n"
            + "      tolerance: { type: regex, pattern: \"([\" }\n"
            + "      provider: { type: http, url: http://127.0.0.1:1/ }\nmethod:\n"
            + pause,
        "steady-state-hypothesis.probes[0].tolerance.pattern",
        "not a valid regular expression");
    failsYaml(
        "title: t\nmethod:\n"
            + pause
            + "extensions:\n  - name: kintsugi\n    recovery: { within: soon }\n",
        "extensions[0].recovery.within",
        "duration");
  }

  @Test
  void configurationComesFromTheEnvironmentAndVars() throws Exception {
    String agent =
        "title: t\nconfiguration:\n  kintsugi_url: http://127.0.0.1:8700\n"
            + "  kintsugi_token: { type: env, key: KINTSUGI_TOKEN }\n  latency: 100\n"
            + "method:\n  - type: action\n    name: slow\n    provider:\n      type: python\n"
            + "      module: chaoskintsugi.agent.actions\n      func: inject_latency\n"
            + "      arguments: { project: shop, method: \"a.B#c\", latency_ms: \"${latency}\" }\n";
    Experiment e = yaml(agent);
    assertThat(
            ((AgentFault) e.method().get(0).provider())
                .fault()
                .orElseThrow()
                .get("latencyMs")
                .asInt())
        .isEqualTo(100);
    Experiment overridden = Experiments.parse(agent, false, Map.of("latency", "2500"), ENV);
    assertThat(
            ((AgentFault) overridden.method().get(0).provider())
                .fault()
                .orElseThrow()
                .get("latencyMs")
                .asInt())
        .isEqualTo(2500);
    assertThat(e.settings().toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> Experiments.parse(agent, false, Map.of(), Map.of()))
        .isInstanceOfSatisfying(
            RuntimeConfigException.class,
            x -> assertThat(x.field()).isEqualTo("configuration.kintsugi_token"))
        .hasMessageContaining("KINTSUGI_TOKEN is not set");
    failsYaml(
        agent.replace("  kintsugi_url: http://127.0.0.1:8700\n", ""),
        "configuration.kintsugi_url",
        "is required by method[0].provider (chaoskintsugi.agent.actions.inject_latency)");
    failsYaml(
        agent.replace("\"${latency}\"", "0"),
        "method[0].provider.arguments.latency_ms",
        "between 1");
  }

  @Test
  void fillDiskIsRefusedOutsideTheSandbox() {
    String fill =
        "title: t\nconfiguration:\n  kintsugi_sandbox_dir: "
            + dir.resolve("sandbox")
            + "\nmethod:\n  - type: action\n    name: fill\n    provider:\n      type: python\n"
            + "      module: chaoskintsugi.disk.actions\n      func: fill_disk\n"
            + "      arguments: { path: PATH, bytes: 1MB }\n";
    failsYaml(
        fill.replace("PATH", dir.resolve("elsewhere").toString()),
        "method[0].provider.arguments.path",
        "outside the experiment's sandbox directory");
    failsYaml(
        fill.replace("PATH", "../escape"),
        "method[0].provider.arguments.path",
        "outside the experiment's sandbox directory");
    failsYaml(
        fill.replace("PATH", "filler").replaceAll("configuration:\n.*\n", ""),
        "configuration.kintsugi_sandbox_dir",
        "is required by method[0].provider (chaoskintsugi.disk.actions.fill_disk)");
  }

  @Test
  void theShopExampleIsAValidExperiment() throws Exception {
    Path example = Path.of("..", "examples", "runtime", "chaos-latency.yml");
    Experiment e = Experiments.read(example, Map.of(), ENV);
    assertThat(e.kintsugi().project()).contains("shop");
    assertThat(e.kintsugi().recovery()).isPresent();
    assertThat(e.hypothesis()).isPresent();
    assertThat(e.rollbacksSize()).isEqualTo(1);
    assertThat(e.method().get(0).provider()).isInstanceOf(ProcessSignal.class);
  }

  @Test
  void aFileIsReadAsJsonOrYamlByItsNameOrItsFirstCharacter() throws Exception {
    Path noExtension = dir.resolve("experiment");
    Files.writeString(noExtension, "{\"title\": \"t\", \"method\": [" + PAUSE + "]}");
    assertThat(Experiments.read(noExtension, Map.of(), ENV).title()).isEqualTo("t");
    Path yml = dir.resolve("e.yml");
    Files.writeString(yml, "title: y\nmethod:\n  - " + PAUSE + "\n");
    assertThat(Experiments.read(yml, Map.of(), ENV).title()).isEqualTo("y");
  }
}

package dev.kintsugi.runtime.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.canary.MetricSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RolloutConfigTest {

  static final String MINIMAL =
      """
      listen: 0
      stable: {url: http://127.0.0.1:8080}
      canary:
        command: [java, -jar, shop.jar]
        url: http://127.0.0.1:8081
      """;

  static RolloutConfig parse(String yaml) throws RuntimeConfigException {
    return RolloutConfig.parse(yaml, Path.of("/srv/rollout"));
  }

  @Test
  void theShopExampleReads() throws Exception {
    Path file = Path.of("..", "examples", "runtime", "rollout.yml");
    RolloutConfig c = RolloutConfig.read(file);
    assertThat(c.listen()).isEqualTo(8088);
    assertThat(c.stable()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(c.canary().command()).endsWith("--fault", "errors");
    assertThat(c.canary().readyUrl()).isEqualTo(URI.create("http://127.0.0.1:8081/health"));
    assertThat(c.canary().workingDir())
        .contains(file.toAbsolutePath().getParent().resolve("../shop-service"));
    assertThat(c.steps()).containsExactly(10, 25, 50, 100);
    assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.metrics())
        .extracting(MetricSpec::name)
        .containsExactly("error-rate", "latency-p99");
    assertThat(c.metrics().get(0).critical()).isTrue();
    assertThat(c.judge()).isEqualTo(JudgeSettings.STANDARD);
  }

  @Test
  void whatTheFileLeavesOutHasSensibleDefaults() throws Exception {
    RolloutConfig c = parse(MINIMAL);
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.canary().readyUrl()).isEqualTo(c.canary().url());
    assertThat(c.steps()).containsExactly(10, 25, 50, 100);
    assertThat(c.bucket()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.maxInconclusive()).isEqualTo(2);
    assertThat(c.metrics()).isEqualTo(RolloutMetric.DEFAULTS);
    assertThat(c.metrics().get(0))
        .isEqualTo(new MetricSpec("error-rate", MetricSpec.Worse.HIGHER, 0, 0.01, true));
    assertThat(parse(MINIMAL + "metrics: [{name: latency-p50}]").metrics())
        .containsExactly(RolloutMetric.LATENCY_P50.defaults());
    assertThat(
            parse(MINIMAL + "canary: {command: [x], url: 'http://h:1', log: c.log}").canary().log())
        .isPresent();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // what is appended to (or replaces part of) the minimal file | the field the error names
        "canary: {url: 'http://127.0.0.1:8081'} | canary.command",
        "canary: {command: [], url: 'http://127.0.0.1:8081'} | canary.command",
        "canary: {command: [java], url: 'ftp://x'} | canary.url",
        "canary: {command: [java], url: 'http://127.0.0.1:8080'} | canary.url",
        "canary: {command: [java], url: 'http://h:1', readyTimeout: soon} | canary.readyTimeout",
        "canary: {command: [java], url: 'http://h:1', shell: true} | canary.shell",
        "steps: [10, 25, 25, 100] | steps[2]",
        "steps: [10, 0] | steps[1]",
        "steps: [10, 101] | steps[1]",
        "steps: [10, half] | steps[1]",
        "steps: [] | steps",
        "interval: 2s | interval",
        "metrics: [{name: cpu}] | metrics[0].name",
        "metrics: [{name: error-rate}, {name: error-rate}] | metrics[1].name",
        "metrics: [{name: error-rate, worse: up}] | metrics[0].worse",
        "metrics: [{name: error-rate, critical: yes}] | metrics[0].critical",
        "judge: {pass: 80, marginal: 90} | judge.marginal",
        "judge: {alpha: 1} | judge.alpha",
        "maxInconclusive: -1 | maxInconclusive",
        "listen: 70000 | listen",
        "stable: {} | stable.url",
        "canaries: 2 | canaries",
      })
  void aBadFieldIsNamed(String change, String field) {
    String key = change.substring(0, change.indexOf(':'));
    String yaml =
        MINIMAL.lines().anyMatch(l -> l.startsWith(key + ":"))
            ? replaceTop(MINIMAL, key, change)
            : MINIMAL + change;
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(RuntimeConfigException.class)
        .satisfies(e -> assertThat(((RuntimeConfigException) e).field()).isEqualTo(field));
  }

  /** The file with the top-level {@code key} (and its indented lines) replaced by {@code line}. */
  static String replaceTop(String yaml, String key, String line) {
    StringBuilder out = new StringBuilder();
    boolean skipping = false;
    for (String l : yaml.lines().toList()) {
      if (l.startsWith(key + ":")) {
        out.append(line).append('\n');
        skipping = true;
      } else if (skipping && l.startsWith(" ")) {
        continue;
      } else {
        skipping = false;
        out.append(l).append('\n');
      }
    }
    return out.toString();
  }

  @Test
  void theErrorSaysWhatIsWrong() {
    assertThatThrownBy(() -> parse(MINIMAL + "steps: [10, 25, 20]"))
        .hasMessage("steps[2]: must be more than the step before (25), was 20");
    assertThatThrownBy(() -> parse(MINIMAL + "interval: 4s"))
        .hasMessageContaining(
            "interval: holds 4 buckets of 1000 ms, fewer than judge.minSamples (5)");
    assertThatThrownBy(() -> parse("listen: [")).hasMessageContaining("(file): is not valid YAML");
    assertThat(
            RolloutConfig.of(0, URI.create("http://a:1"), canaryOf(), Duration.ofSeconds(5))
                .steps())
        .containsExactly(10, 25, 50, 100);
  }

  static CanaryProcess canaryOf() {
    return CanaryProcess.of(
        List.of("java"), URI.create("http://b:1"), URI.create("http://b:1/health"));
  }
}

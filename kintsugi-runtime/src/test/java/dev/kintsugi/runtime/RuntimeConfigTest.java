package dev.kintsugi.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.runtime.canary.CanaryConfig;
import dev.kintsugi.runtime.canary.MetricSpec;
import dev.kintsugi.runtime.canary.SeriesMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime configuration file: the whole shape read, and errors that name the field. */
class RuntimeConfigTest {

  @TempDir Path dir;

  private RuntimeConfig read(String text) throws Exception {
    Path file = dir.resolve("runtime.yml");
    Files.writeString(file, text);
    return RuntimeConfig.read(file, new BoundCircuits());
  }

  private void fails(String text, String field, String problem) {
    assertThatThrownBy(() -> read(text))
        .isInstanceOf(RuntimeConfigException.class)
        .satisfies(e -> assertThat(((RuntimeConfigException) e).field()).isEqualTo(field))
        .hasMessageContaining(problem);
  }

  @Test
  void readsEverySectionWithTheDefaultProject() throws Exception {
    Files.writeString(dir.resolve("policy.yml"), "runtime:\n  \"*\": { allowed: [flag] }\n");
    RuntimeConfig config =
        read(
            String.join(
                "\n",
                "version: 1",
                "project: shop",
                "policy: policy.yml",
                "anomaly: { detector: bocpd, threshold: 0.95 }",
                "retention: 3d",
                "scrape:",
                "  - { name: shop, url: http://127.0.0.1:8080/metrics, interval: 15s }",
                "checks:",
                "  - { name: web, http: { url: http://127.0.0.1:8080/health } }",
                "  - { name: db, project: billing, tcp: { host: 127.0.0.1, port: 5432 } }",
                "runbooks:",
                "  - name: flag-off",
                "    when: { health: web, failing: 3 }",
                "    do: [ { flag: { file: /tmp/flags.json, flag: new-pricing, variant: off } } ]",
                ""));

    assertThat(config.project()).isEqualTo("shop");
    assertThat(config.detector()).isEqualTo("bocpd");
    assertThat(config.threshold()).isEqualTo(0.95);
    assertThat(config.retention()).isEqualTo(Duration.ofDays(3));
    assertThat(config.scrape())
        .singleElement()
        .satisfies(t -> assertThat(t.project()).isEqualTo("shop"));
    assertThat(config.checks()).extracting(c -> c.project()).containsExactly("shop", "billing");
    assertThat(config.runbooks())
        .singleElement()
        .satisfies(r -> assertThat(r.project()).isEqualTo("shop"));
    assertThat(config.policy()).isNotSameAs(Policy.NONE);
  }

  @Test
  void theExampleInTheRepositoryIsValid() throws Exception {
    RuntimeConfig config =
        RuntimeConfig.read(
            Path.of("..", "examples", "runtime", "runtime.yml"), new BoundCircuits());
    assertThat(config.runbooks())
        .extracting(r -> r.name())
        .containsExactly("restart-when-unhealthy", "new-pricing-off");
    assertThat(config.policy()).isNotSameAs(Policy.NONE);
    assertThat(config.canary().metrics())
        .extracting(m -> m.spec().name())
        .containsExactly("errors", "heap");
  }

  @Test
  void readsTheCanarySectionWithItsDefaults() throws Exception {
    RuntimeConfig config =
        read(
            String.join(
                "\n",
                "project: shop",
                "canary:",
                "  alpha: 0.01",
                "  passScore: 90",
                "  window: 2m",
                "  metrics:",
                "    - name: errors",
                "      series: 'http_server_requests_seconds_count{uri=\"/quote\", status=\"500\"}'",
                "      allowedAbsolute: 0.01",
                "      critical: true",
                "    - { name: throughput, series: shop_quotes_per_second, worse: lower }",
                ""));
    CanaryConfig canary = config.canary();
    assertThat(canary.alpha()).isEqualTo(0.01);
    assertThat(canary.passScore()).isEqualTo(90);
    assertThat(canary.marginalScore()).isEqualTo(75);
    assertThat(canary.minSamples()).isEqualTo(5);
    assertThat(canary.window()).isEqualTo(Duration.ofMinutes(2));
    SeriesMetric errors = canary.metrics().get(0);
    assertThat(errors.spec())
        .isEqualTo(new MetricSpec("errors", MetricSpec.Worse.HIGHER, 0.1, 0.01, true));
    assertThat(errors.seriesOf("shop-canary"))
        .as("labels sorted as series names are")
        .isEqualTo("shop-canary/http_server_requests_seconds_count{status=\"500\",uri=\"/quote\"}");
    assertThat(canary.metrics().get(1).spec().worse()).isEqualTo(MetricSpec.Worse.LOWER);
    assertThat(canary.metrics().get(1).seriesOf("s")).isEqualTo("s/shop_quotes_per_second");
    assertThat(read("project: shop\n").canary()).isEqualTo(CanaryConfig.DEFAULT);
  }

  @Test
  void canaryErrorsNameTheField() {
    String metrics = "project: shop\ncanary:\n  metrics:\n    - { name: a, series: m }\n";
    fails(
        metrics + "    - { name: b, series: m, worse: up }\n", "canary.metrics[1].worse", "higher");
    fails(metrics + "    - { name: b }\n", "canary.metrics[1].series", "is required");
    fails(
        metrics + "    - { name: b, series: 'm{status=500}' }\n",
        "canary.metrics[1].series",
        "name=\"value\"");
    fails(
        metrics + "    - { name: b, series: m, weight: 2 }\n",
        "canary.metrics[1].weight",
        "unknown");
    fails(
        metrics + "    - { name: b, series: m, allowedRelative: -1 }\n",
        "canary.metrics[1].allowedRelative",
        "between");
    fails("project: shop\ncanary: { alpha: 2 }\n", "canary.alpha", "between");
    fails(
        "project: shop\ncanary: { passScore: 60, marginalScore: 80 }\n",
        "canary.marginalScore",
        "above passScore");
    fails("project: shop\ncanary: { minSamples: 1 }\n", "canary.minSamples", "between");
    fails("project: shop\ncanary: { window: 2d }\n", "canary.window", "at most 1d");
    fails("project: shop\ncanary: { windows: 2m }\n", "canary.windows", "unknown field");
    fails("project: shop\ncanary: [ ]\n", "canary", "mapping");
  }

  @Test
  void withoutAPolicyEveryActionWaitsForAPerson() throws Exception {
    assertThat(read("project: shop\n").policy()).isSameAs(Policy.NONE);
  }

  @Test
  void anUnquotedOffStaysAWord() throws Exception {
    RuntimeConfig config =
        read(
            "project: shop\nrunbooks:\n  - name: r\n    when: { alert: HighErrors }\n"
                + "    do: [ { flag: { file: /tmp/f.json, flag: x, variant: off } } ]\n");
    assertThat(config.runbooks().get(0).steps().get(0).alternatives().get(0).describe())
        .contains("off");
  }

  @Test
  void errorsNameTheField() {
    fails("project: shop\nscrapes: []\n", "scrapes", "unknown field");
    fails("version: 2\nproject: shop\n", "version", "between 1 and 1");
    fails("version: 1\n", "project", "is required");
    fails("project: shop\nanomaly: { detector: magic }\n", "anomaly.detector", "one of: ");
    fails("project: shop\nanomaly: { threshold: 2 }\n", "anomaly.threshold", "between");
    fails("project: shop\nretention: forever\n", "retention", "duration");
    fails("project: shop\npolicy: missing.yml\n", "policy", "cannot be read");
    fails(
        "project: shop\nchecks:\n  - { name: web, http: { url: ftp://x } }\n",
        "checks[0].http.url",
        "http:// or https://");
    fails(
        "project: shop\nrunbooks:\n  - name: r\n    when: { alert: A }\n    do: [ { reboot: {} } ]\n",
        "runbooks[0].do[0].reboot",
        "unknown");
    fails("project: [shop\n", "(file)", "not valid YAML");
    fails("", "(file)", "empty");
  }
}

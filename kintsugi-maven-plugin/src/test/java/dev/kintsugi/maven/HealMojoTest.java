package dev.kintsugi.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.sandbox.confine.SandboxPolicy;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealMojoTest {

  @TempDir Path tmp;
  final Map<String, String> env = new HashMap<>();
  final RecordingLog log = new RecordingLog();
  HealMojo mojo;

  @BeforeEach
  void mojoWithDefaults() {
    mojo =
        new HealMojo() {
          @Override
          Map<String, String> environment() {
            return env;
          }
        };
    mojo.setLog(log);
    // The defaults of the parameters, as Maven injects them.
    mojo.maxRounds = 3;
    mojo.timeout = 900;
    mojo.failWhenNotFixed = true;
    mojo.deliver = "branch";
    mojo.mergeWait = 1800;
    mojo.unconfined = true; // no bubblewrap needed to build options
  }

  @Test
  void deliversAsKintsugiHealDoesWithTheTokenOnlyFromTheEnvironment() throws Exception {
    env.put("KINTSUGI_FORGE_TOKEN", "ghp-secret");
    mojo.deliver = "pr";
    mojo.forge = "gitlab";
    mojo.forgeUrl = "https://gitlab.example.com/api/v4";
    mojo.forgeRepo = "acme/shop";
    mojo.base = "main";
    mojo.policy = tmp.resolve("policy.yml").toFile();
    mojo.policyEnvironment = "staging";
    mojo.criticality = "critical";
    mojo.mergeWait = 60;

    DeliveryOptions delivery = mojo.options(tmp).delivery();

    assertThat(delivery.mode()).isEqualTo(DeliveryOptions.Mode.PR);
    assertThat(delivery.forge()).contains("gitlab");
    assertThat(delivery.forgeUrl())
        .contains(java.net.URI.create("https://gitlab.example.com/api/v4"));
    assertThat(delivery.forgeRepo()).contains("acme/shop");
    assertThat(delivery.baseBranch()).contains("main");
    assertThat(delivery.policyFile()).contains(tmp.resolve("policy.yml"));
    assertThat(delivery.environment()).contains("staging");
    assertThat(delivery.criticality()).contains("critical");
    assertThat(delivery.checksWait()).isEqualTo(Duration.ofSeconds(60));
    assertThat(delivery.token().value()).contains("ghp-secret");
    assertThat(delivery.toString()).doesNotContain("ghp-secret");
    assertThat(HealOptions.defaults(tmp).delivery().mode()).isEqualTo(DeliveryOptions.Mode.BRANCH);
  }

  @Test
  void badDeliverySettingsFailNamingTheProperty() {
    mojo.deliver = "email";
    assertThatThrownBy(() -> mojo.options(tmp))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("kintsugi: kintsugi.deliver must be branch or pr, was email");
    mojo.deliver = "pr";
    mojo.forgeUrl = "http://exa mple";
    assertThatThrownBy(() -> mojo.options(tmp))
        .hasMessage("kintsugi: kintsugi.forgeUrl is not a URL: http://exa mple");
    mojo.forgeUrl = null;
    mojo.mergeWait = -1;
    assertThatThrownBy(() -> mojo.options(tmp))
        .hasMessage("kintsugi: kintsugi.mergeWait must not be negative, was -1");
  }

  @Test
  void buildsTheOptionsOfKintsugiHealFromTheParameters() throws Exception {
    mojo.testCmd = "mvn -Pci verify";
    mojo.report = tmp.resolve("report.json").toFile();
    mojo.maxRounds = 2;
    mojo.timeout = 120;
    mojo.workers = 3;
    mojo.noMemory = true;
    mojo.releases = tmp.resolve("releases").toFile();

    HealOptions options = mojo.options(tmp);

    assertThat(options.repo()).isEqualTo(tmp);
    assertThat(options.testCommand()).contains("mvn -Pci verify");
    assertThat(options.report()).contains(tmp.resolve("report.json"));
    assertThat(options.maxRounds()).isEqualTo(2);
    assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(options.workers()).isEqualTo(3);
    assertThat(options.memoryDir()).isEmpty();
    assertThat(options.sandbox().mode()).isEqualTo(SandboxPolicy.Mode.UNCONFINED);
    assertThat(options.releases()).isPresent();
    assertThat(options.llm().enabled()).isFalse();
  }

  @Test
  void keepsTheHealDefaultsWhereNoParameterIsSet() throws Exception {
    mojo.unconfined = false;
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.kintsugi.sandbox.confine.Sandbox.detect().available(), "bubblewrap works here");

    HealOptions options = mojo.options(tmp);
    HealOptions defaults = HealOptions.defaults(tmp);

    assertThat(options.testCommand()).isEmpty();
    assertThat(options.maxRounds()).isEqualTo(defaults.maxRounds());
    assertThat(options.timeout()).isEqualTo(defaults.timeout());
    assertThat(options.workers()).isEqualTo(HealOptions.defaultWorkers());
    assertThat(options.memoryDir()).isEqualTo(defaults.memoryDir());
    assertThat(options.sandbox()).isEqualTo(defaults.sandbox());
    assertThat(options.releases()).isEmpty();
  }

  @Test
  void rejectsOutOfRangeNumbersNamingTheProperty() {
    mojo.maxRounds = 0;
    assertThatThrownBy(() -> mojo.options(tmp))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("kintsugi: kintsugi.maxRounds must be at least 1, was 0");
    mojo.maxRounds = 3;
    mojo.timeout = 0;
    assertThatThrownBy(() -> mojo.options(tmp))
        .hasMessage("kintsugi: kintsugi.timeout must be at least 1 second, was 0");
    mojo.timeout = 900;
    mojo.workers = 0;
    assertThatThrownBy(() -> mojo.options(tmp))
        .hasMessage("kintsugi: kintsugi.workers must be at least 1, was 0");
  }

  @Test
  void takesTheModelFromParametersOverTheEnvironmentAndItsKeyOnlyFromTheEnvironment()
      throws Exception {
    env.put(LlmConfig.ENV_PROVIDER, "ollama");
    env.put(LlmConfig.ENV_MODEL, "from-env");
    env.put(LlmConfig.ENV_API_KEY, "sk-secret");
    mojo.llm = "openai";
    mojo.llmBaseUrl = "http://127.0.0.1:8000/v1";

    LlmConfig llm = mojo.options(tmp).llm();

    assertThat(llm.provider()).isEqualTo(LlmConfig.Provider.OPENAI);
    assertThat(llm.baseUrl()).isEqualTo("http://127.0.0.1:8000/v1");
    assertThat(llm.model()).isEqualTo("from-env");
    assertThat(llm.apiKey()).isEqualTo("sk-secret");
  }

  @Test
  void badModelSettingsFailTheBuildNamingTheProperty() {
    mojo.llm = "openai";
    assertThatThrownBy(() -> mojo.options(tmp))
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining("needs a model")
        .hasMessageContaining("-Dkintsugi.llmModel");
    mojo.llm = "gpt";
    assertThatThrownBy(() -> mojo.options(tmp)).hasMessageContaining("unknown LLM provider 'gpt'");
  }

  @Test
  void aFixSucceedsAndLogsTheBranchAndTheDiff() throws Exception {
    mojo.conclude(
        report(
            HealReport.Status.FIXED,
            "fixed",
            new HealReport.FixPart(
                "--- a/X.java\n+++ b/X.java\n-a < b\n+a <= b\n",
                List.of("X.java"),
                "template",
                0.9,
                "a < b → a <= b")));

    assertThat(log.info)
        .contains("kintsugi: fixed on branch kintsugi/fix-1 (commit abc)", "  a < b → a <= b")
        .contains("-a < b", "+a <= b");
  }

  @Test
  void healthySucceeds() throws Exception {
    mojo.conclude(report(HealReport.Status.HEALTHY, "all 8 tests pass", null));

    assertThat(log.info).containsExactly("kintsugi: healthy: all 8 tests pass");
  }

  @Test
  void notFixedOrErrorFailsTheBuildUnlessToldOtherwise() throws Exception {
    HealReport notFixed = report(HealReport.Status.NOT_FIXED, "no plausible candidate", null);
    assertThatThrownBy(() -> mojo.conclude(notFixed))
        .isInstanceOf(MojoFailureException.class)
        .hasMessage("kintsugi: not fixed: no plausible candidate");
    assertThatThrownBy(() -> mojo.conclude(HealReport.error("does not compile")))
        .hasMessage("kintsugi: heal failed: does not compile");

    mojo.failWhenNotFixed = false;
    mojo.conclude(notFixed);
    assertThat(log.warn).containsExactly("kintsugi: not fixed: no plausible candidate");
  }

  @Test
  void logsTheReportsWarnings() throws Exception {
    mojo.conclude(
        report(HealReport.Status.HEALTHY, "ok", null)
            .withMoreWarnings(List.of("builds and tests ran UNCONFINED")));

    assertThat(log.warn).containsExactly("kintsugi: builds and tests ran UNCONFINED");
  }

  @Test
  void refusesADirectoryThatIsNotAGitRepository() {
    mojo.executionRoot = tmp.toFile();
    assertThatThrownBy(mojo::execute)
        .isInstanceOf(MojoFailureException.class)
        .hasMessageContaining(tmp + " is not a git repository");
    assertThat(new File(tmp.toFile(), "target")).doesNotExist();
  }

  private static HealReport report(
      HealReport.Status status, String reason, HealReport.FixPart fix) {
    boolean fixed = status == HealReport.Status.FIXED;
    return new HealReport(
        status,
        reason,
        "/repo",
        "base",
        fixed ? "kintsugi/fix-1" : null,
        fixed ? "abc" : null,
        List.of(),
        null,
        fix,
        new HealReport.CandidateCounts(0, 0, 0),
        1,
        new HealReport.Timings(0, 0, 0, 0),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Keeps what the goal logs, by level. */
  static final class RecordingLog extends SystemStreamLog {
    final List<String> info = new ArrayList<>();
    final List<String> warn = new ArrayList<>();

    @Override
    public void info(CharSequence content) {
      info.add(content.toString());
    }

    @Override
    public void warn(CharSequence content) {
      warn.add(content.toString());
    }
  }
}

package dev.kintsugi.runtime.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.ShopService;
import dev.kintsugi.runtime.canary.Verdict;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rollouts of the sample shop as real processes: the stable shop runs beside a canary the rollout
 * starts, traffic goes through the proxy from a few threads, and the steps are short (2 s).
 */
class LocalRolloutTest {

  @TempDir static Path dir;
  static ShopService stable;

  @BeforeAll
  static void startStable() throws Exception {
    stable = ShopService.in(Files.createDirectories(dir.resolve("stable")));
    stable.start();
  }

  /** A promoted canary keeps running: the test stops it. */
  final List<Long> promotedCanaries = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopPromoted() {
    promotedCanaries.forEach(
        pid ->
            ProcessHandle.of(pid)
                .ifPresent(
                    p -> {
                      p.destroyForcibly();
                      p.onExit().join();
                    }));
  }

  @AfterAll
  static void stopStable() throws Exception {
    stable.stop();
  }

  static URI local(int port) {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** Three steps of 2 s, 250 ms buckets (8 samples a step; 5 needed). */
  static RolloutConfig config(URI stableUrl, CanaryProcess canary) {
    return new RolloutConfig(
        "127.0.0.1",
        0,
        stableUrl,
        canary,
        List.of(25, 50, 100),
        Duration.ofSeconds(2),
        Duration.ofMillis(250),
        2,
        RolloutMetric.DEFAULTS,
        JudgeSettings.STANDARD,
        java.util.Optional.empty());
  }

  static CanaryProcess shopCanary(String name, String... extra) throws Exception {
    ShopService canary = ShopService.in(Files.createDirectories(dir.resolve(name)));
    URI url = local(canary.port);
    return new CanaryProcess(
        canary.command(extra),
        url,
        URI.create(url + "/health"),
        Duration.ofSeconds(30),
        Optional.empty(),
        Map.of(),
        Optional.of(dir.resolve(name).resolve("canary.log")),
        Duration.ofSeconds(5));
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aCanaryAnsweringErrorsIsRolledBackAtTheFirstStepAndStopped() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    RolloutConfig config = config(local(stable.port), shopCanary("bad", "--fault", "errors"));
    try (LocalRollout rollout = LocalRollout.open(config, lines::add);
        Traffic users = new Traffic(URI.create(rollout.proxyUrl() + "/products"), 3)) {
      RolloutReport report = rollout.run();
      System.out.println(String.join("\n", lines));

      assertThat(report.decision()).isEqualTo(Decision.ROLLED_BACK);
      assertThat(report.steps()).hasSize(1);
      StepReport step = report.steps().get(0);
      assertThat(step.percent()).isEqualTo(25);
      assertThat(step.judgement().verdict()).isEqualTo(Verdict.FAIL);
      assertThat(step.judgement().reason()).isEqualTo("critical metric failed: error-rate");
      assertThat(step.canary().requests()).isPositive();
      assertThat(step.canary().errors()).isEqualTo(step.canary().requests());
      assertThat(step.stable().errors()).isZero();
      assertThat(report.reason()).contains("step 1 (25 %) failed").contains("rolled back");

      // Nothing it started runs, and the users are back on the stable version only.
      assertThat(report.canaryPid()).isPresent();
      assertThat(alive(report.canaryPid().getAsLong())).isFalse();
      assertThat(report.canaryRunning()).isFalse();
      assertThat(rollout.proxy().canaryPercent()).isZero();
      Thread.sleep(200); // answers already on their way to the users
      long errorsAtDecision = users.count(500);
      assertThat(errorsAtDecision).isPositive(); // users saw the canary's errors during the step
      Thread.sleep(500);
      assertThat(users.count(500)).isEqualTo(errorsAtDecision);
      assertThat(users.count(200)).isPositive();

      assertThat(report.decisionMillis()).isLessThan(15_000);
      assertThat(report.canaryServedMillis())
          .isBetween(1_900L, report.decisionMillis() - report.canaryReadyMillis() + 100);
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.path("decision").asText()).isEqualTo("rolled-back");
      assertThat(json.path("steps").get(0).path("verdict").asText()).isEqualTo("fail");
      assertThat(json.path("steps").get(0).path("metrics").get(0).path("name").asText())
          .isEqualTo("error-rate");
      assertThat(json.path("steps").get(0).path("metrics").get(0).path("verdict").asText())
          .isEqualTo("high");
      System.out.printf(
          "rolled back: decision %d ms (canary ready %d ms, served %d ms)%n",
          report.decisionMillis(), report.canaryReadyMillis(), report.canaryServedMillis());
    }
  }

  @Test
  void aHealthyCanaryPassesEveryStepAndIsPromoted() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    RolloutConfig config = config(local(stable.port), shopCanary("good"));
    RolloutReport report;
    try (LocalRollout rollout = LocalRollout.open(config, lines::add);
        Traffic users = new Traffic(URI.create(rollout.proxyUrl() + "/products"), 3)) {
      report = rollout.run();
      report.canaryPid().ifPresent(promotedCanaries::add);
      System.out.println(String.join("\n", lines));

      assertThat(report.decision()).isEqualTo(Decision.PROMOTED);
      assertThat(report.steps()).extracting(StepReport::percent).containsExactly(25, 50, 100);
      assertThat(report.steps())
          .allSatisfy(s -> assertThat(s.judgement().verdict()).isEqualTo(Verdict.PASS));
      // At 100 % the stable serves nothing: the canary is compared with the rollout so far.
      assertThat(report.steps().get(2).baseline()).isEqualTo("rollout");
      assertThat(report.steps().get(0).baseline()).isEqualTo("step");
      assertThat(rollout.proxy().canaryPercent()).isEqualTo(100);
      assertThat(report.canaryRunning()).isTrue();
      assertThat(alive(report.canaryPid().getAsLong())).isTrue();
      assertThat(users.count(500)).isZero();
      assertThat(report.reason()).contains("the stable's process is not Kintsugi's to stop");
      assertThat(new ObjectMapper().readTree(report.toJson()).path("decision").asText())
          .isEqualTo("promoted");
      System.out.printf(
          "promoted: decision %d ms (canary ready %d ms, served %d ms)%n",
          report.decisionMillis(), report.canaryReadyMillis(), report.canaryServedMillis());
      // Closing the rollout (below) stops the proxy but leaves a promoted canary running.
    }
    assertThat(alive(report.canaryPid().orElseThrow())).isTrue();
  }

  @Test
  void aCanaryThatNeverGetsReadyIsRolledBackBeforeAnyTrafficAndLeftStopped() throws Exception {
    try (NamedServer stableServer = new NamedServer("stable")) {
      URI nowhere = NamedServer.dead();
      CanaryProcess sleeper =
          new CanaryProcess(
              List.of("sleep", "30"),
              nowhere,
              nowhere,
              Duration.ofSeconds(1),
              Optional.empty(),
              Map.of(),
              Optional.empty(),
              Duration.ofSeconds(1));
      try (LocalRollout rollout = LocalRollout.open(config(stableServer.url(), sleeper), l -> {})) {
        RolloutReport report = rollout.run();
        assertThat(report.decision()).isEqualTo(Decision.ROLLED_BACK);
        assertThat(report.reason()).contains("did not become ready").contains("within 1000 ms");
        assertThat(report.steps()).isEmpty();
        assertThat(report.canaryServedMillis()).isZero();
        assertThat(report.canaryReadyMillis()).isEqualTo(-1);
        assertThat(alive(report.canaryPid().getAsLong())).isFalse();
      }
    }
  }
}

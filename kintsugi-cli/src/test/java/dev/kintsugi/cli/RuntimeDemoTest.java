package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kintsugi demo --runtime} end to end: the real shop process frozen by a chaos experiment
 * and brought back by the runbook, then the bad fix rolled back as a canary.
 */
class RuntimeDemoTest {

  @TempDir Path work;

  @Test
  void theFrozenShopRecoversAndTheBadCanaryIsRolledBack() throws Exception {
    Path example = DemoCommand.findExample().orElseThrow();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    RuntimeDemo.Result result =
        new RuntimeDemo(
                new RuntimeDemo.Options(example, work),
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .run();
    String printed = log.toString(StandardCharsets.UTF_8);
    System.out.println(printed); // the closing note quotes the figures

    assertThat(result.journal().hypothesisHeld()).as(printed).contains(true);
    assertThat(result.journal().deviated()).as(printed).isFalse();
    assertThat(result.journal().timeToDetect()).as(printed).isPresent();
    assertThat(result.journal().timeToRecover()).as(printed).isPresent();
    assertThat(result.journal().timeToRecover().get())
        .isGreaterThan(result.journal().timeToDetect().get());
    assertThat(result.mttrSeconds()).as(printed).isNotNull().isPositive();
    assertThat(result.rollout().promoted()).as(printed).isFalse();
    assertThat(result.ok()).isTrue();

    JsonNode journal = new ObjectMapper().readTree(work.resolve("chaos-journal.json").toFile());
    assertThat(journal.path("status").asText()).isEqualTo("completed");
    assertThat(journal.path("rollbacks").size()).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(work.resolve("rollout-report.json").toFile());
    assertThat(report.toString()).contains("fail");
    assertThat(report.path("reason").asText())
        .as("the agent's reports of the canary's release fail it too")
        .contains("Kintsugi: ", RuntimeDemo.CANARY_RELEASE);
    assertThat(printed).contains("rolled back automatically", "time to detect", "mean time to");
  }
}

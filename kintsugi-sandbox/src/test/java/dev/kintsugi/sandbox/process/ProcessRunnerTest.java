package dev.kintsugi.sandbox.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.sandbox.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner();

  @Test
  void reportsExitCodeAndOutputOfAFinishedCommand() throws Exception {
    Path log = dir.resolve("out.log");

    ProcessResult result =
        runner.run(
            List.of("sh", "-c", "echo hello $WHO; echo oops >&2; exit 3"),
            dir,
            Map.of("WHO", "world"),
            Duration.ofSeconds(10),
            log);

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.outputTail()).contains("hello world").contains("oops");
    assertThat(Files.readString(log)).contains("hello world");
  }

  @Test
  void keepsOnlyTheLastLines() {
    ProcessResult result =
        runner.run(
            List.of("sh", "-c", "seq 1 1000"),
            dir,
            Map.of(),
            Duration.ofSeconds(10),
            dir.resolve("out.log"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.outputTail().lines()).hasSize(ProcessRunner.TAIL_LINES).endsWith("1000");
  }

  @Test
  void killsAHungCommandWithItsChildrenWithinTheTimeout() throws Exception {
    Path pids = dir.resolve("pids");
    String script =
        "echo $$ > "
            + pids
            + "; sh -c 'echo $$ >> "
            + pids
            + "; sleep 60 & echo $! >> "
            + pids
            + "; wait' & sleep 60";

    ProcessResult result =
        runner.run(
            List.of("sh", "-c", script),
            dir,
            Map.of(),
            Duration.ofMillis(1500),
            dir.resolve("out.log"));

    assertThat(result.timedOut()).isTrue();
    assertThat(result.exitCode()).isEqualTo(-1);
    assertThat(result.millis()).isLessThan(10_000);
    List<Long> started = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    assertThat(started).hasSize(3);
    assertThat(started).noneMatch(Processes::running);
  }

  @Test
  void rejectsAMissingWorkingDirectory() {
    assertThatThrownBy(
            () ->
                runner.run(
                    List.of("true"),
                    dir.resolve("nope"),
                    Map.of(),
                    Duration.ofSeconds(1),
                    dir.resolve("out.log")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nope");
  }
}

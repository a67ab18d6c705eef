package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.runtime.RuntimeConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command action runs real programs, allow-listed when the runbook is read. */
class CommandActionTest {

  @TempDir Path dir;

  @Test
  void runsAnAllowedProgramDirectly() throws Exception {
    Path out = dir.resolve("out");
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of("touch"), InMemoryCircuits.NONE);

    ActionOutcome outcome = TestActions.parse("{command: [touch, '" + out + "']}", settings).run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(out).exists();
    assertThat(outcome.detail()).isEqualTo("touch " + out + ": exit 0");
  }

  @Test
  void argumentsAreNeverInterpretedByAShell() throws Exception {
    Path script =
        executable(
            "args.sh", "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + dir.resolve("got") + "\"\n");
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of(script.toString()), InMemoryCircuits.NONE);

    TestActions.parse("{command: ['" + script + "', '$(id); echo pwned', '*']}", settings).run();

    assertThat(Files.readAllLines(dir.resolve("got"))).containsExactly("$(id); echo pwned", "*");
  }

  @Test
  void theMappingFormTakesAWorkingDirEnvironmentAndTimeout() throws Exception {
    Path script = executable("env.sh", "#!/bin/sh\necho \"$MODE\" > here\n");
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of(script.toString()), InMemoryCircuits.NONE);

    ActionOutcome outcome =
        TestActions.parse(
                "{command: {argv: ['"
                    + script
                    + "'], workingDir: '"
                    + dir
                    + "', env: {MODE: drain}, timeout: 5s}}",
                settings)
            .run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(Files.readString(dir.resolve("here")).trim()).isEqualTo("drain");
  }

  @Test
  void aNonZeroExitFailsWithTheEndOfTheOutput() throws Exception {
    Path script =
        executable("fail.sh", "#!/bin/sh\necho 'first line'\necho 'disk full' >&2\nexit 3\n");
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of(script.toString()), InMemoryCircuits.NONE);

    ActionOutcome outcome = TestActions.parse("{command: ['" + script + "']}", settings).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).isEqualTo("fail.sh: exit 3 — first line disk full");
  }

  @Test
  void aProgramThatRunsTooLongIsKilled() throws Exception {
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of("sleep"), InMemoryCircuits.NONE);
    long start = System.nanoTime();

    ActionOutcome outcome =
        TestActions.parse("{command: {argv: [sleep, '30'], timeout: 300ms}}", settings).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("timed out after PT0.3S");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void outputIsCappedAndAChattyProgramNeverBlocks() throws Exception {
    Path seq = Executables.resolve("seq", System.getenv()).orElseThrow();

    CommandRunner.Result result =
        CommandRunner.run(
            seq, List.of("1", "500000"), Optional.empty(), System.getenv(), Duration.ofSeconds(30));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).hasSize(CommandRunner.OUTPUT_CAP).startsWith("1\n2\n3\n");
  }

  @Test
  void aProgramOutsideTheAllowListIsAConfigurationError() {
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of("touch"), InMemoryCircuits.NONE);

    assertThatThrownBy(() -> TestActions.parse("{command: [rm, '-rf', '/tmp/x']}", settings))
        .isInstanceOf(RuntimeConfigException.class)
        .hasMessage("do[0].command[0]: \"rm\" is not among the allowed commands");
  }

  @Test
  void theAllowListComparesRealPathsSoALinkToAnAllowedProgramIsAllowed() throws Exception {
    Path touch = Executables.resolve("touch", System.getenv()).orElseThrow();
    Path link = Files.createSymbolicLink(dir.resolve("t"), touch);
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of("touch"), InMemoryCircuits.NONE);

    RuntimeAction action =
        TestActions.parse("{command: ['" + link + "', '" + dir.resolve("x") + "']}", settings);

    assertThat(action.run().done()).isTrue();
  }

  @Test
  void aProgramThatDoesNotExistIsAConfigurationError() {
    ActionSettings settings =
        TestActions.settings(System.getenv(), List.of("touch"), InMemoryCircuits.NONE);

    assertThatThrownBy(
            () -> TestActions.parse("{command: {argv: [no-such-program-here]}}", settings))
        .isInstanceOf(RuntimeConfigException.class)
        .hasMessageStartingWith("do[0].command.argv[0]: no executable \"no-such-program-here\"");
  }

  private Path executable(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}

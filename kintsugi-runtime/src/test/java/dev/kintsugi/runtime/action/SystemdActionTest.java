package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd action runs a fake {@code systemctl} put first on the PATH of the test's environment.
 */
class SystemdActionTest {

  @TempDir Path dir;
  private ActionSettings settings;

  @BeforeEach
  void fakeSystemctl() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path systemctl = bin.resolve("systemctl");
    Files.writeString(
        systemctl,
        """
        #!/bin/sh
        for arg in "$@"; do echo "$arg"; done > "%s"
        [ "$FAIL" = yes ] && { echo "Job for $2 failed." >&2; exit 1; }
        exit 0
        """
            .formatted(dir.resolve("argv")));
    Files.setPosixFilePermissions(systemctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    settings = TestActions.settings(env, List.of(), InMemoryCircuits.NONE);
  }

  @Test
  void restartsTheUnitThroughSystemctlWithoutAShell() throws Exception {
    ActionOutcome outcome = TestActions.parse("{systemd: {unit: shop.service}}", settings).run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(Files.readAllLines(dir.resolve("argv"))).containsExactly("restart", "shop.service");
    assertThat(outcome.detail()).isEqualTo("systemctl restart shop.service: exit 0");
  }

  @Test
  void aUserUnitIsRestartedWithTheUserFlag() throws Exception {
    TestActions.parse("{systemd: {unit: 'worker@2.service', user: true}}", settings).run();

    assertThat(Files.readAllLines(dir.resolve("argv")))
        .containsExactly("--user", "restart", "worker@2.service");
  }

  @Test
  void aFailedRestartSaysWhatSystemctlSaid() throws Exception {
    Map<String, String> env = new HashMap<>(settings.env());
    env.put("FAIL", "yes");
    ActionSettings failing = TestActions.settings(env, List.of(), InMemoryCircuits.NONE);

    ActionOutcome outcome = TestActions.parse("{systemd: {unit: shop.service}}", failing).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("exit 1").contains("Job for shop.service failed.");
  }

  @Test
  void withoutSystemctlOnThePathTheActionFails() throws Exception {
    ActionSettings none =
        TestActions.settings(
            Map.of("PATH", dir.resolve("nothing").toString()), List.of(), InMemoryCircuits.NONE);

    ActionOutcome outcome = TestActions.parse("{systemd: {unit: shop.service}}", none).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).isEqualTo("systemctl is not on PATH");
  }
}

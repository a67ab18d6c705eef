package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.llm.LlmConfig;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whether {@code kintsugi server} heals, depending on the sandbox tool and the operator's flags.
 */
class ServerCommandTest {

  @TempDir Path dir;
  private String before;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void saveProperty() {
    before = System.getProperty("kintsugi.bwrap");
  }

  @AfterEach
  void restoreProperty() {
    if (before == null) {
      System.clearProperty("kintsugi.bwrap");
    } else {
      System.setProperty("kintsugi.bwrap", before);
    }
  }

  private Object healer(boolean allowUnconfined) {
    HealingOptions command = new HealingOptions();
    command.allowUnconfinedHeals = allowUnconfined;
    return command.healer(
        LlmConfig.none(), new PrintStream(out, true, StandardCharsets.UTF_8), List.of());
  }

  @Test
  void healsHideTheServersDatabasePasswordAndJournal() {
    ServerConfig config =
        ServerConfig.builder().dbUrl("jdbc:h2:file:" + dir.resolve("data/kintsugi")).build();
    HealingOptions command = new HealingOptions();

    HealOptions options =
        command.healOptions(LlmConfig.none(), KintsugiServer.privatePaths(config));

    assertThat(options.sandbox().hidden())
        .contains(
            dir.resolve("data/kintsugi.mv.db").toAbsolutePath(),
            dir.resolve("data/kintsugi.password").toAbsolutePath(),
            dir.resolve("data/kintsugi.journal").toAbsolutePath());
  }

  private String printed() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void withoutBubblewrapTheServerRefusesAutoHealAndSaysWhy() {
    System.setProperty("kintsugi.bwrap", dir.resolve("no-bwrap").toString());

    assertThat(healer(false)).isNull();
    assertThat(printed())
        .contains("auto-heal is OFF")
        .contains("apt-get install bubblewrap")
        .contains("--allow-unconfined-heals");
  }

  @Test
  void theOperatorMayAllowUnconfinedHealsExplicitly() {
    System.setProperty("kintsugi.bwrap", dir.resolve("no-bwrap").toString());

    assertThat(healer(true)).isNotNull();
    assertThat(printed()).contains("WARNING: heals run UNCONFINED");
  }

  @Test
  void withBubblewrapTheServerHealsConfinedAndSaysNothing() {
    assertThat(healer(false)).isNotNull();
    assertThat(printed()).isEmpty();
  }

  @Test
  void healRefusesToRunWithoutBubblewrapUnlessUnconfined() {
    System.setProperty("kintsugi.bwrap", dir.resolve("no-bwrap").toString());

    PrintStream oldErr = System.err;
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(KintsugiCommand.execute("heal", dir.toString())).isEqualTo(2);
    } finally {
      System.setErr(oldErr);
    }

    assertThat(printed()).contains("apt-get install bubblewrap").contains("--unconfined");
  }

  @Test
  void aBadRuntimeConfigurationStopsTheServerBeforeItStartsNamingTheField() throws Exception {
    Path config = dir.resolve("runtime.yml");
    java.nio.file.Files.writeString(
        config, "version: 1\nproject: shop\nchecks:\n  - name: web\n    http: { url: ftp://x }\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code =
          KintsugiCommand.execute(
              "server", "--port", "0", "--no-heal", "--runtime", config.toString());
    } finally {
      System.setErr(oldErr);
    }
    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("runtime.yml")
        .contains("checks[0].http.url")
        .contains("http:// or https://");
  }
}

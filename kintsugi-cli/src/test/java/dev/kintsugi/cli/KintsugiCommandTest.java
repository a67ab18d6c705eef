package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class KintsugiCommandTest {

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void healWithoutARepositoryIsBadUsage() {
    assertThat(KintsugiCommand.execute("heal")).isEqualTo(2);
    assertThat(console.err()).contains("Missing required parameter: 'REPO'");
  }

  @Test
  void unknownOptionsAndCommandsAreBadUsage() {
    assertThat(KintsugiCommand.execute("heal", ".", "--frobnicate")).isEqualTo(2);
    assertThat(KintsugiCommand.execute("transmogrify")).isEqualTo(2);
    assertThat(KintsugiCommand.execute()).isEqualTo(2);
    assertThat(console.err()).contains("missing command");
  }

  @Test
  void invalidNumbersAreRejectedWithTheirValue(@TempDir Path dir) {
    assertThat(KintsugiCommand.execute("heal", dir.toString(), "--max-rounds", "0")).isEqualTo(2);
    assertThat(console.err()).contains("--max-rounds must be at least 1, was 0");
    assertThat(KintsugiCommand.execute("heal", dir.toString(), "--timeout", "soon")).isEqualTo(2);
    assertThat(console.err()).contains("soon");
  }

  @Test
  void aMissingRepositoryExitsTwoWithAOneLineReasonAndStillWritesTheReport(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("r.json");
    int code =
        KintsugiCommand.execute(
            "heal", dir.resolve("nope").toString(), "--report", report.toString());
    assertThat(code).isEqualTo(2);
    assertThat(console.err()).contains("kintsugi: ").contains("does not exist");
    assertThat(java.nio.file.Files.readString(report)).contains("\"status\" : \"error\"");
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String command : new String[] {"heal", "demo", "server"}) {
      assertThat(KintsugiCommand.execute(command, "--help")).isZero();
      assertThat(console.out()).contains("Usage: kintsugi " + command);
    }
  }

  @Test
  void demoExplainsAMissingSampleServiceInOneLine(@TempDir Path dir) {
    assertThat(KintsugiCommand.execute("demo", "--example", dir.toString())).isEqualTo(2);
    assertThat(console.err()).contains("cannot find the sample service");
  }

  @Test
  void serverRejectsABadDatabaseUrlOrPortBeforeStarting() {
    assertThat(KintsugiCommand.execute("server", "--db", "mysql://db/x")).isEqualTo(2);
    assertThat(console.err())
        .contains("--db must be jdbc:postgresql://... or jdbc:h2:..., was not a JDBC URL");
    assertThat(KintsugiCommand.execute("server", "--port", "70000")).isEqualTo(2);
    assertThat(console.err()).contains("--port must be 0-65535, was 70000");
    assertThat(KintsugiCommand.execute("server", "--heal-timeout", "0")).isEqualTo(2);
    assertThat(console.err()).contains("--heal-timeout must be positive, was 0");
    assertThat(KintsugiCommand.execute("server", "--events-per-minute", "0")).isEqualTo(2);
    assertThat(console.err()).contains("--events-per-minute: ").contains("0");
  }

  @Test
  void serverRejectsARepositoryRootThatIsNotADirectory(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThat(KintsugiCommand.execute("server", "--repo-root", missing.toString())).isEqualTo(2);
    assertThat(console.err()).contains("--repo-root must be an existing directory, was " + missing);
  }
}

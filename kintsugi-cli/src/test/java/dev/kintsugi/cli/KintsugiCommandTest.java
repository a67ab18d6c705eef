package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KintsugiCommandTest {

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  PrintStream oldOut;
  PrintStream oldErr;

  @BeforeEach
  void capture() {
    oldOut = System.out;
    oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(oldOut);
    System.setErr(oldErr);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void healWithoutARepositoryIsBadUsage() {
    assertThat(KintsugiCommand.execute("heal")).isEqualTo(2);
    assertThat(err()).contains("Missing required parameter: 'REPO'");
  }

  @Test
  void unknownOptionsAndCommandsAreBadUsage() {
    assertThat(KintsugiCommand.execute("heal", ".", "--frobnicate")).isEqualTo(2);
    assertThat(KintsugiCommand.execute("transmogrify")).isEqualTo(2);
    assertThat(KintsugiCommand.execute()).isEqualTo(2);
    assertThat(err()).contains("missing command");
  }

  @Test
  void invalidNumbersAreRejectedWithTheirValue(@TempDir Path dir) {
    assertThat(KintsugiCommand.execute("heal", dir.toString(), "--max-rounds", "0")).isEqualTo(2);
    assertThat(err()).contains("--max-rounds must be at least 1, was 0");
    assertThat(KintsugiCommand.execute("heal", dir.toString(), "--timeout", "soon")).isEqualTo(2);
    assertThat(err()).contains("soon");
  }

  @Test
  void aMissingRepositoryExitsTwoWithAOneLineReasonAndStillWritesTheReport(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("r.json");
    int code =
        KintsugiCommand.execute(
            "heal", dir.resolve("nope").toString(), "--report", report.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err()).contains("kintsugi: ").contains("does not exist");
    assertThat(java.nio.file.Files.readString(report)).contains("\"status\" : \"error\"");
  }

  @Test
  void everyCommandExplainsItselfWithHelp() {
    for (String command : new String[] {"heal", "demo", "server"}) {
      assertThat(KintsugiCommand.execute(command, "--help")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: kintsugi " + command);
    }
  }

  @Test
  void demoExplainsAMissingSampleServiceInOneLine(@TempDir Path dir) {
    assertThat(KintsugiCommand.execute("demo", "--example", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("cannot find the sample service");
  }

  @Test
  void serverRejectsABadDatabaseUrlOrPortBeforeStarting() {
    assertThat(KintsugiCommand.execute("server", "--db", "mysql://db/x")).isEqualTo(2);
    assertThat(err())
        .contains("--db must be jdbc:postgresql://... or jdbc:h2:..., was mysql://db/x");
    assertThat(KintsugiCommand.execute("server", "--port", "70000")).isEqualTo(2);
    assertThat(err()).contains("--port must be 0-65535, was 70000");
    assertThat(KintsugiCommand.execute("server", "--heal-timeout", "0")).isEqualTo(2);
    assertThat(err()).contains("--heal-timeout must be positive, was 0");
    assertThat(KintsugiCommand.execute("server", "--events-per-minute", "0")).isEqualTo(2);
    assertThat(err()).contains("--events-per-minute: ").contains("0");
  }

  @Test
  void serverRejectsARepositoryRootThatIsNotADirectory(@TempDir Path dir) {
    Path missing = dir.resolve("missing");
    assertThat(KintsugiCommand.execute("server", "--repo-root", missing.toString())).isEqualTo(2);
    assertThat(err()).contains("--repo-root must be an existing directory, was " + missing);
  }
}

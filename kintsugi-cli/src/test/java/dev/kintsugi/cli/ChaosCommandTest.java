package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kintsugi chaos run}, in process, on real files. */
class ChaosCommandTest {

  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void aBadExperimentIsExitCode2WithTheFieldNamed() throws Exception {
    Path file = dir.resolve("bad.yml");
    Files.writeString(
        file,
        "title: bad\nmethod:\n  - type: action\n    name: a\n    provider: { type: process, path: \"true\" }\n"
            + "  - type: action\n    name: b\n    provider:\n      type: python\n"
            + "      module: chaoskintsugi.process.actions\n      func: explode\n");
    Path journal = dir.resolve("journal.json");

    int code =
        KintsugiCommand.execute(
            "chaos", "run", file.toString(), "--journal-path", journal.toString());

    assertThat(code).isEqualTo(2);
    assertThat(console.err())
        .contains("method[1].provider.func")
        .contains("unknown function \"explode\"");
    assertThat(journal).doesNotExist();
  }

  @Test
  void anExperimentRunsAndWritesItsJournal() throws Exception {
    Path file = dir.resolve("ok.json");
    Files.writeString(
        file,
        "{\"title\": \"echo\", \"configuration\": {\"word\": \"quiet\"},"
            + " \"steady-state-hypothesis\": {\"title\": \"echo works\", \"probes\": [{\"type\":"
            + " \"probe\", \"name\": \"echo\", \"tolerance\": {\"type\": \"regex\", \"pattern\":"
            + " \"^loud\", \"target\": \"stdout\"}, \"provider\": {\"type\": \"process\", \"path\":"
            + " \"echo\", \"arguments\": [\"${word}\"]}}]},"
            + " \"method\": [{\"type\": \"action\", \"name\": \"nothing\", \"provider\": {\"type\":"
            + " \"process\", \"path\": \"true\"}}]}");
    Path journal = dir.resolve("out").resolve("journal.json");

    int code =
        KintsugiCommand.execute(
            "chaos",
            "run",
            file.toString(),
            "--journal-path",
            journal.toString(),
            "--var",
            "word=loud");

    assertThat(code).as(console.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(journal.toFile());
    assertThat(json.path("status").asText()).isEqualTo("completed");
    assertThat(json.at("/steady_states/after/probes/0/output/stdout").asText()).isEqualTo("loud\n");
    assertThat(json.at("/kintsugi/hypothesis_held").asBoolean()).isTrue();
    assertThat(console.out()).contains("journal: " + journal);

    // Without the override the probe prints "quiet": the steady state does not hold before.
    assertThat(
            KintsugiCommand.execute(
                "chaos", "run", file.toString(), "--journal-path", journal.toString()))
        .isEqualTo(1);
  }
}

package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code kintsugi worker}'s and {@code kintsugi server}'s database option: where the URL comes
 * from, and bad input refused before anything starts, without echoing a password. (Workers at work:
 * the scale-out test.)
 */
class WorkerCommandTest {

  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void aWorkerWithoutADatabaseSaysWhereToGiveIt() {
    assumeTrue(System.getenv(DatabaseUrl.ENV) == null, "KINTSUGI_DB_URL is set here");

    assertThat(KintsugiCommand.execute("worker")).isEqualTo(2);

    assertThat(console.err()).contains("--db jdbc:postgresql://", "KINTSUGI_DB_URL");
  }

  @Test
  void aWorkerRefusesTheEmbeddedDatabase() {
    assertThat(KintsugiCommand.execute("worker", "--db", "jdbc:h2:mem:alone")).isEqualTo(2);

    assertThat(console.err()).contains("embedded H2 belongs to one process");
  }

  @Test
  void anUnknownDatabaseIsNamedWithoutItsPassword() {
    assertThat(KintsugiCommand.execute("worker", "--db", "jdbc:mysql://u:s3cret@db/k"))
        .isEqualTo(2);
    assertThat(KintsugiCommand.execute("server", "--db", "jdbc:mysql://u:s3cret@db/k"))
        .isEqualTo(2);

    assertThat(console.err()).contains("--db must be jdbc:postgresql://").doesNotContain("s3cret");
  }

  @Test
  void aBadMetricsPortIsRefused() {
    assertThat(
            KintsugiCommand.execute(
                "worker", "--db", "jdbc:postgresql://127.0.0.1/k", "--metrics-port", "70000"))
        .isEqualTo(2);

    assertThat(console.err()).contains("--metrics-port must be 0-65535, was 70000");
  }

  @Test
  void theOptionWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env = Map.of(DatabaseUrl.ENV, "jdbc:postgresql://env/k");

    assertThat(DatabaseUrl.of("jdbc:postgresql://option/k", env))
        .contains("jdbc:postgresql://option/k");
    assertThat(DatabaseUrl.of(null, env)).contains("jdbc:postgresql://env/k");
    assertThat(DatabaseUrl.of(null, Map.of(DatabaseUrl.ENV, " "))).isEqualTo(Optional.empty());
    assertThat(DatabaseUrl.of(null, Map.of())).isEmpty();
  }

  @Test
  void aBadUrlInTheEnvironmentNamesTheVariableNotTheValue() {
    assertThatThrownBy(() -> DatabaseUrl.of(null, Map.of(DatabaseUrl.ENV, "hunter2")))
        .hasMessage(
            "KINTSUGI_DB_URL must be jdbc:postgresql://... or jdbc:h2:..., was not a JDBC URL");
  }
}

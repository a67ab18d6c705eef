package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kintsugi rollout}, run in process. The rollouts that promote and roll back real shop
 * processes are kintsugi-runtime's LocalRolloutTest; here the command's exits, output and report.
 */
class RolloutCommandTest {

  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  @Test
  void aBadFileExitsTwoNamingTheFieldAndStartsNothing() throws Exception {
    Path file = dir.resolve("rollout.yml");
    Files.writeString(
        file,
        "listen: 0\nstable: {url: 'http://127.0.0.1:8080'}\n"
            + "canary: {url: 'http://127.0.0.1:8081'}\n");

    assertThat(KintsugiCommand.execute("rollout", file.toString())).isEqualTo(2);

    assertThat(console.err())
        .isEqualTo("kintsugi: " + file + ": canary.command: is required" + System.lineSeparator());
    assertThat(console.out()).isEmpty();
    assertThat(KintsugiCommand.execute("rollout", dir.resolve("none.yml").toString())).isEqualTo(2);
  }

  @Test
  void aCanaryThatNeverGetsReadyIsRolledBackWithExitOneAndAReport() throws Exception {
    HttpServer stable =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    stable.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    stable.start();
    int nowhere;
    try (ServerSocket socket = new ServerSocket(0)) {
      nowhere = socket.getLocalPort();
    }
    try {
      Path file = dir.resolve("rollout.yml");
      Files.writeString(
          file,
          "listen: 0\n"
              + "stable: {url: 'http://127.0.0.1:"
              + stable.getAddress().getPort()
              + "'}\n"
              + "canary:\n"
              + "  command: [sleep, '30']\n"
              + "  url: 'http://127.0.0.1:"
              + nowhere
              + "'\n"
              + "  readyTimeout: 1s\n"
              + "  grace: 1s\n"
              + "interval: 5s\n");
      Path report = dir.resolve("report.json");

      int code = KintsugiCommand.execute("rollout", file.toString(), "--report", report.toString());

      assertThat(code).isEqualTo(1);
      String printed = console.out();
      assertThat(printed)
          .contains("proxy listening on http://127.0.0.1:")
          .contains("starting the canary: sleep 30")
          .contains("rolled-back after ")
          .contains("the canary did not become ready");
      JsonNode json = new ObjectMapper().readTree(Files.readString(report));
      assertThat(json.path("decision").asText()).isEqualTo("rolled-back");
      assertThat(json.path("canaryRunning").asBoolean()).isFalse();
      assertThat(ProcessHandle.of(json.path("canaryPid").asLong()).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
    } finally {
      stable.stop(0);
    }
  }
}

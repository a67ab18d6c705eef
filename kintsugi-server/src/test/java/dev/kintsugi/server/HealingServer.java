package dev.kintsugi.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.notify.Webhook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server on an H2 file under {@code dir} that heals with {@code healer} and sends its
 * notifications to a generic webhook served here ({@link #notifications}, in arrival order).
 */
final class HealingServer implements AutoCloseable {
  final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  final KintsugiServer server;
  private final HttpServer hooks;

  HealingServer(Path dir, IncidentHealer healer) throws IOException {
    hooks = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hooks.createContext(
        "/hook",
        exchange -> {
          notifications.add(ServerFixture.JSON.readTree(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    hooks.start();
    try {
      server =
          KintsugiServer.start(
              ServerConfig.builder()
                  .host("127.0.0.1")
                  .port(0)
                  .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
                  .adminToken(ServerFixture.TOKEN)
                  .repoRoot(dir)
                  .webhooks(
                      List.of(
                          Webhook.parse(
                              "generic:http://127.0.0.1:"
                                  + hooks.getAddress().getPort()
                                  + "/hook")))
                  .build(),
              healer,
              line -> {});
    } catch (RuntimeException e) {
      hooks.stop(0);
      throw e;
    }
  }

  ServerFixture api() {
    return new ServerFixture(server.port());
  }

  @Override
  public void close() {
    server.close();
    hooks.stop(0);
  }
}

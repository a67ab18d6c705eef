package dev.kintsugi.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module living in the server's process: its routes, its start failing, its close. */
class ServerExtensionTest {

  @TempDir Path dir;

  private ServerConfig config() {
    return ServerConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .dbUrl("jdbc:h2:file:" + dir.resolve("db").toAbsolutePath())
        .adminToken(ServerFixture.TOKEN)
        .build();
  }

  private static final class Recording implements ServerExtension {
    final AtomicInteger closed = new AtomicInteger();
    ServerExtension.Context context;

    @Override
    public void start(Javalin app, Context context) {
      this.context = context;
      app.get("/api/v1/extension/ping", ctx -> ctx.result("pong"));
    }

    @Override
    public void close() {
      closed.incrementAndGet();
    }
  }

  @Test
  void itsRoutesNeedTheAdminTokenAndItIsClosedWithTheServer() throws Exception {
    Recording extension = new Recording();
    KintsugiServer server = KintsugiServer.start(config(), null, 1, line -> {}, List.of(extension));
    HttpClient http = HttpClient.newHttpClient();
    URI ping = URI.create("http://127.0.0.1:" + server.port() + "/api/v1/extension/ping");
    try {
      HttpResponse<String> without =
          http.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> with =
          http.send(
              HttpRequest.newBuilder(ping)
                  .header("Authorization", "Bearer " + ServerFixture.TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(without.statusCode()).isEqualTo(401);
      assertThat(with.body()).isEqualTo("pong");
      assertThat(extension.context.store()).isSameAs(server.store());
    } finally {
      server.close();
    }
    assertThat(extension.closed).hasValue(1);
  }

  @Test
  void anExtensionThatCannotStartStopsTheServerAndLeavesNothingOpen() {
    Recording first = new Recording();
    ServerExtension failing =
        new ServerExtension() {
          @Override
          public void start(Javalin app, Context context) {
            throw new IllegalStateException("no runtime today");
          }

          @Override
          public void close() {}
        };

    assertThatThrownBy(
            () -> KintsugiServer.start(config(), null, 1, line -> {}, List.of(first, failing)))
        .hasMessage("no runtime today");
    assertThat(first.closed).hasValue(1);
    // The database and journal were released: the same files open again.
    KintsugiServer.start(config()).close();
  }

  @Test
  void aContextServesAndWorksUnlessToldToServeOnlyAndNamesItsNode() throws Exception {
    java.time.Clock clock = java.time.Clock.systemUTC();
    dev.kintsugi.server.store.Database db =
        dev.kintsugi.server.store.Database.open(
            "jdbc:h2:file:" + dir.resolve("context").toAbsolutePath());
    try {
      ServerExtension.Context context =
          new ServerExtension.Context(
              db,
              new dev.kintsugi.server.store.Store(db, clock, new java.security.SecureRandom()),
              new dev.kintsugi.server.store.AuditStore(db, clock),
              new com.fasterxml.jackson.databind.ObjectMapper(),
              clock,
              line -> {},
              List.of());
      assertThat(context.work()).isTrue();
      assertThat(context.nodeId()).isEqualTo(ServerExtension.defaultNodeId());
      assertThat(context.nodeId()).endsWith("-" + ProcessHandle.current().pid());

      ServerExtension.Context web = context.withNodeId("web-1").serveOnly();
      assertThat(web.work()).isFalse();
      assertThat(web.nodeId()).isEqualTo("web-1");
      assertThat(web.store()).isSameAs(context.store());
      assertThatThrownBy(() -> context.withNodeId(" "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nodeId");
      assertThatThrownBy(() -> context.withNodeId("x".repeat(201)))
          .hasMessageContaining("1-200 characters");

      Recording extension = new Recording();
      extension.startWork(context); // no background work: nothing happens
      assertThat(extension.context).isNull();
    } finally {
      db.close();
    }
  }
}

package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The http action against a real HTTP server. */
class HttpActionTest {

  record Seen(String method, String path, String authorization, String contentType, String body) {}

  private HttpServer server;
  private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private String base;
  private final ActionSettings settings =
      TestActions.settings(
          Map.of("DEPLOY_TOKEN", "s3cret-value"), List.of(), InMemoryCircuits.NONE);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.add(
              new Seen(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Authorization"),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  body));
          if (exchange.getRequestURI().getPath().equals("/slow")) {
            try {
              Thread.sleep(3000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(status.get(), -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void sendsTheRequestWithSecretsFromTheEnvironmentAndNeverShowsThem() throws Exception {
    RuntimeAction action =
        TestActions.parse(
            """
            http:
              method: post
              url: '%s/admin/cache/clear'
              headers: {Authorization: 'Bearer ${DEPLOY_TOKEN}', Content-Type: application/json}
              body: '{"scope": "all"}'
            """
                .formatted(base),
            settings);

    ActionOutcome outcome = action.run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    Seen request = seen.take();
    assertThat(request)
        .isEqualTo(
            new Seen(
                "POST",
                "/admin/cache/clear",
                "Bearer s3cret-value",
                "application/json",
                "{\"scope\": \"all\"}"));
    assertThat(outcome.detail()).isEqualTo("POST " + base + "/admin/cache/clear → 200");
    assertThat(action.describe())
        .isEqualTo(
            "http: POST "
                + base
                + "/admin/cache/clear with headers Authorization, Content-Type and a body, expecting 200-299")
        .doesNotContain("s3cret");
  }

  @Test
  void aStatusOutsideTheExpectedRangeFails() throws Exception {
    status.set(503);

    ActionOutcome outcome =
        TestActions.parse("{http: {method: GET, url: '" + base + "/x'}}", settings).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).isEqualTo("GET " + base + "/x → 503 (expected 200-299)");
  }

  @Test
  void theExpectedStatusCanBeOneCodeOrAClass() throws Exception {
    status.set(204);
    assertThat(
            TestActions.parse("{http: {url: '" + base + "/x', expect: 204}}", settings)
                .run()
                .done())
        .isTrue();
    assertThat(
            TestActions.parse("{http: {url: '" + base + "/x', expect: 200}}", settings)
                .run()
                .done())
        .isFalse();
    status.set(302);
    assertThat(
            TestActions.parse("{http: {url: '" + base + "/x', expect: 3xx}}", settings)
                .run()
                .done())
        .isTrue();
  }

  @Test
  void anUnsetEnvironmentVariableFailsBeforeSendingAnything() throws Exception {
    ActionOutcome outcome =
        TestActions.parse(
                "{http: {url: '" + base + "/x', headers: {X-Key: '${MISSING_KEY}'}}}", settings)
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail())
        .endsWith("header X-Key names environment variable MISSING_KEY, which is not set");
    assertThat(seen).isEmpty();
  }

  @Test
  void aServerThatDoesNotAnswerInTimeFails() throws Exception {
    ActionOutcome outcome =
        TestActions.parse("{http: {url: '" + base + "/slow', timeout: 300ms}}", settings).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).endsWith("no answer within 300 ms");
  }

  @Test
  void aRefusedConnectionFailsWithoutThrowing() throws Exception {
    server.stop(0);

    ActionOutcome outcome = TestActions.parse("{http: {url: '" + base + "/x'}}", settings).run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).startsWith("POST " + base + "/x: ConnectException");
  }
}

package dev.kintsugi.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  private final List<String> log = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @BeforeEach
  void start() {
    app = Javalin.create(c -> c.showJavalinBanner = false);
    RequestIds.register(app, log::add);
    app.get("/boom", ctx -> thrower());
    app.get("/fine", ctx -> ctx.result("ok"));
    app.get(
        "/refused",
        ctx -> {
          throw new ApiError(409, "no");
        });
    app.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
    app.start("127.0.0.1", 0);
  }

  private static void thrower() {
    throw new IllegalStateException("the cause an operator needs");
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void a500CarriesTheRequestIdThatTheLogHasWithTheStackTrace() throws Exception {
    HttpResponse<String> r = get("/boom");

    assertThat(r.statusCode()).isEqualTo(500);
    String id = r.headers().firstValue("X-Request-Id").orElseThrow();
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("requestId").asText()).isEqualTo(id);
    assertThat(r.body()).doesNotContain("the cause an operator needs");
    assertThat(log).hasSize(1);
    assertThat(log.get(0))
        .startsWith("request " + id + " GET /boom failed with 500")
        .contains("IllegalStateException: the cause an operator needs")
        .contains("at dev.kintsugi.server.api.RequestIdsTest.thrower");
  }

  @Test
  void keepsASaneIncomingIdAndReplacesAnOtherOne() throws Exception {
    assertThat(get("/boom", "X-Request-Id", "lb-42.a:b_c").headers().firstValue("X-Request-Id"))
        .contains("lb-42.a:b_c");
    assertThat(log.get(0)).startsWith("request lb-42.a:b_c GET /boom");

    String injected =
        get("/fine", "X-Request-Id", "x y<script>")
            .headers()
            .firstValue("X-Request-Id")
            .orElseThrow();
    assertThat(injected).matches("[0-9a-f]{16}");
    assertThat(get("/fine", "X-Request-Id", "a".repeat(129)).headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(v -> assertThat(v).matches("[0-9a-f]{16}"));
  }

  @Test
  void everyResponseHasAnIdAndOnlyA500IsLogged() throws Exception {
    HttpResponse<String> fine = get("/fine");
    HttpResponse<String> refused = get("/refused");
    HttpResponse<String> missing = get("/nowhere");

    assertThat(fine.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("X-Request-Id")).isPresent();
    assertThat(fine.headers().firstValue("X-Request-Id"))
        .isNotEqualTo(refused.headers().firstValue("X-Request-Id"));
    assertThat(log).isEmpty();
  }
}

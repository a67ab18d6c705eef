package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import dev.kintsugi.server.testing.Browser;
import io.sentry.Sentry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The dashboard in a real headless Chromium, against a real server fed by the real Sentry Java SDK:
 * signing in, incidents arriving live, hostile events staying inert, forged requests refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
  static final String TOKEN = "browser-test-token";
  static final String HOSTILE =
      "<script>window.__kintsugiPwned = 1</script><img src=x onerror=\"window.__kintsugiPwned = 2\">";

  KintsugiServer server;
  Browser browser;
  String base;
  JsonNode project;

  @BeforeAll
  void start() throws Exception {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:browser-" + System.nanoTime())
                .adminToken(TOKEN)
                .build());
    base = "http://127.0.0.1:" + server.port();
    project =
        rest(
            "POST",
            "/api/v1/projects",
            "{\"name\": \"shop\", \"inAppPrefixes\": [\"dev.kintsugi\"], \"autoHeal\": \"off\"}");
    browser = Browser.start(Path.of("target"));
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    server.close();
  }

  @Test
  @Order(1)
  void aWrongTokenIsRefused() {
    browser.open(base + "/");
    browser.await("#token", 10).sendKeys("not-the-token");
    browser.find("form button[type=submit]").click();

    assertThat(browser.await("#login-error", 10).getText()).contains("not the admin token");
    browser.open(base + "/");
    assertThat(browser.driver.getCurrentUrl()).endsWith("/login");
  }

  @Test
  @Order(2)
  void signingInThroughTheFormOpensTheIncidentList() throws Exception {
    browser.open(base + "/login");
    browser.await("#token", 10).sendKeys(TOKEN);
    browser.screenshot("sign-in");
    browser.find("form button[type=submit]").click();

    assertThat(browser.await("main h1", 10).getText()).isEqualTo("Incidents");
    assertThat(browser.find("#incident-rows").getText()).contains("No incidents yet");
  }

  @Test
  @Order(3)
  void anIncidentSentByTheSentrySdkAppearsWithoutAReload() throws Exception {
    browser.open(base + "/");
    browser.await("#incident-rows", 10);
    browser.script("window.__sameDocument = 'yes'");

    send(new IllegalStateException("cart total went negative"));

    browser.awaitText("#incident-rows", "cart total went negative", 15);
    assertThat(browser.script("return window.__sameDocument")).isEqualTo("yes");
    assertThat(browser.find("#incident-rows .badge").getText()).isEqualTo("open");
    assertThat(browser.find("#release").getText())
        .as("the release filter is filled when the page loads")
        .doesNotContain("shop@2.0.0");
    browser.open(base + "/");
    assertThat(browser.find("#release").getText()).contains("shop@2.0.0");
    browser.screenshot("incidents");
  }

  @Test
  @Order(4)
  void aHostileEventRendersAsInertText() throws Exception {
    browser.open(base + "/");
    browser.await("#incident-rows", 10);

    send(new IllegalArgumentException(HOSTILE));

    browser.awaitText("#incident-rows", "window.__kintsugiPwned = 1", 15);
    assertThat(browser.script("return window.__kintsugiPwned")).isNull();
    assertThat(browser.findAll("#incident-rows img")).isEmpty();
    assertThat(browser.findAll("#incident-rows script")).isEmpty();
    browser.open(base + "/?q=kintsugiPwned");
    browser.await("#incident-rows a.title", 10).click();
    browser.await("main h1", 10);
    assertThat(browser.script("return window.__kintsugiPwned")).isNull();
    assertThat(browser.findAll("main img")).isEmpty();
  }

  @Test
  @Order(5)
  void forgedRequestsAreRefusedAndChangeNothing() throws Exception {
    browser.open(base + "/");
    browser.await("#incident-rows", 10);
    Object status =
        browser.asyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/logout', {method: 'POST'}).then(r => done(r.status));");
    assertThat(status).isEqualTo(403L);

    // A page on another site (localhost is not 127.0.0.1) that posts a sign-out form at once.
    HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] page =
        ("<!DOCTYPE html><form id=f method=post action='"
                + base
                + "/logout'></form><script>document.getElementById('f').submit()</script>")
            .getBytes(StandardCharsets.UTF_8);
    attacker.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/html");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    attacker.start();
    try {
      browser.open("http://localhost:" + attacker.getAddress().getPort() + "/");
      browser.await("body", 10);
      Thread.sleep(500);
    } finally {
      attacker.stop(0);
    }
    browser.open(base + "/");
    assertThat(browser.await("main h1", 10).getText())
        .as("still signed in after the forged sign-out")
        .isEqualTo("Incidents");
  }

  private void send(Throwable error) {
    Sentry.init(
        o -> {
          o.setDsn(project.path("dsn").asText());
          o.setRelease("shop@2.0.0");
          o.setEnvironment("production");
        });
    try {
      Sentry.captureException(error);
      Sentry.flush(10_000);
    } finally {
      Sentry.close();
    }
  }

  private JsonNode rest(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + path))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return new ObjectMapper().readTree(r.body());
  }
}

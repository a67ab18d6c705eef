package dev.kintsugi.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignInTest {
  static final String TOKEN = "dashboard-test-token";
  KintsugiServer server;
  WebClient web;

  @BeforeEach
  void start() {
    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .port(0)
                .dbUrl("jdbc:h2:mem:signin-" + System.nanoTime())
                .adminToken(TOKEN)
                .build());
    web = new WebClient(server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theLoginLinkSetsAStrictHttpOnlySessionCookieAndLeavesTheTokenBehind() throws Exception {
    HttpResponse<String> r = web.signIn(TOKEN);

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/");
    String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith(WebAuth.COOKIE + "=").contains("HttpOnly");
    assertThat(cookie.toLowerCase()).contains("samesite=strict").doesNotContain(TOKEN);
    assertThat(web.page("/").select("h1").text()).isEqualTo("Incidents");
  }

  @Test
  void theFormSignsInToo() throws Exception {
    HttpResponse<String> r = web.postRaw("/login", Map.of("token", TOKEN), null, web.base);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
    assertThat(web.page("/").select("h1").text()).isEqualTo("Incidents");
  }

  @Test
  void aWrongTokenIsRefusedWithTheFormAgain() throws Exception {
    HttpResponse<String> r = web.signIn("not-" + TOKEN);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(r.body()).contains("That is not the admin token.");
    assertThat(web.get("/").statusCode()).isEqualTo(303);
  }

  @Test
  void pagesNeedASessionAndCarryAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> anonymous = web.get("/");
    assertThat(anonymous.statusCode()).isEqualTo(303);
    assertThat(anonymous.headers().firstValue("Location")).hasValue("/login");

    web.signIn(TOKEN);
    HttpResponse<String> page = web.get("/");
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("script-src 'self'").contains("default-src 'none'");
    assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
  }

  @Test
  void stateChangesNeedTheSessionsCsrfTokenAndThisOrigin() throws Exception {
    web.signIn(TOKEN);
    String csrf = web.csrf();

    assertThat(web.postRaw("/logout", Map.of(), null, web.base).statusCode()).isEqualTo(403);
    assertThat(web.postRaw("/logout", Map.of(), otherThan(csrf), web.base).statusCode())
        .isEqualTo(403);
    assertThat(web.postRaw("/logout", Map.of(), csrf, "http://evil.example").statusCode())
        .isEqualTo(403);
    assertThat(web.get("/").statusCode()).as("still signed in").isEqualTo(200);

    HttpResponse<String> out = web.postRaw("/logout", Map.of(), csrf, web.base);
    assertThat(out.statusCode()).isEqualTo(303);
    assertThat(web.get("/").statusCode()).as("signed out").isEqualTo(303);
  }

  @Test
  void theRestApiStillAnswersWithJsonNotTheSignInPage() throws Exception {
    HttpResponse<String> r = web.get("/api/v1/projects");
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("missing bearer token");
    assertThat(web.get("/webjars/htmx.org/2.0.7/dist/htmx.min.js").statusCode()).isEqualTo(200);
    assertThat(web.get("/static/dashboard.js").statusCode()).isEqualTo(200);
  }

  private static String otherThan(String token) {
    return (token.charAt(0) == '0' ? "1" : "0") + token.substring(1);
  }
}

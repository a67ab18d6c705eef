package dev.kintsugi.server.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * A dashboard visitor over plain HTTP (java.net.http with a cookie jar): signs in through {@code
 * GET /login?token=}, reads pages as HTML documents (jsoup) and posts forms with the session's CSRF
 * token, as the page's own forms and htmx do.
 */
final class WebClient {
  final String base;
  final HttpClient http;

  WebClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** Signs in with {@code token}; returns the response (303 to / when it was right). */
  HttpResponse<String> signIn(String token) throws IOException, InterruptedException {
    return get("/login?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** GETs a page that must answer 200, parsed. */
  Document page(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " → " + r.statusCode() + " " + r.body());
    }
    return Jsoup.parse(r.body(), base + path);
  }

  /** The session's CSRF token, as the pages carry it. */
  String csrf() throws IOException, InterruptedException {
    return page("/").selectFirst("input[name=_csrf]").val();
  }

  /** POSTs a form (urlencoded) with the CSRF token and this server as Origin, as a browser does. */
  HttpResponse<String> post(String path, Map<String, String> form)
      throws IOException, InterruptedException {
    return postRaw(path, form, csrf(), base);
  }

  /** POSTs a form with the given CSRF token and Origin (null: none). */
  HttpResponse<String> postRaw(String path, Map<String, String> form, String csrf, String origin)
      throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (csrf != null) {
      b.header(WebAuth.CSRF_HEADER, csrf);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

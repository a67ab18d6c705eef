package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import dev.kintsugi.runtime.action.Http;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.StringJoiner;

/**
 * Chaos Toolkit's {@code http} provider: calls {@code url} with {@code method} (GET), {@code
 * headers} and {@code arguments} (query parameters of a GET, else a JSON body, or a form when the
 * Content-Type header says so), within {@code timeout} seconds (a number, or {@code [connect,
 * read]}). The output is {@code {"status", "headers", "body"}} (the body parsed when it is JSON);
 * with {@code expected_status} any other status fails the activity.
 */
record HttpProvider(
    URI url,
    String method,
    Map<String, String> headers,
    Optional<JsonNode> arguments,
    Duration timeout,
    OptionalInt expectedStatus)
    implements Provider {

  static final List<String> FIELDS =
      List.of(
          "type",
          "url",
          "method",
          "headers",
          "arguments",
          "timeout",
          "expected_status",
          "verify_tls",
          "secrets");

  /** A body beyond this is cut: a probe needs a status and a little text. */
  static final int MAX_BODY = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  static HttpProvider parse(ConfigNode p) throws RuntimeConfigException {
    URI url = p.httpUrl("url");
    String method = p.optionalText("method").orElse("GET").toUpperCase(java.util.Locale.ROOT);
    if (!method.matches("[A-Z]{1,16}")) {
      throw new RuntimeConfigException(p.path("method"), "is not an HTTP method: " + method);
    }
    if (!p.bool("verify_tls", true)) {
      throw new RuntimeConfigException(
          p.path("verify_tls"), "Kintsugi always verifies TLS certificates; remove it");
    }
    Optional<JsonNode> arguments = Optional.ofNullable(p.get("arguments")).filter(a -> !a.isNull());
    if (arguments.isPresent() && !arguments.get().isObject()) {
      throw new RuntimeConfigException(p.path("arguments"), "must be a mapping");
    }
    OptionalInt expected = p.optionalInteger("expected_status", 100, 599);
    return new HttpProvider(url, method, p.textMap("headers"), arguments, timeout(p), expected);
  }

  private static Duration timeout(ConfigNode p) throws RuntimeConfigException {
    JsonNode t = p.get("timeout");
    if (t == null || t.isNull()) {
      return DEFAULT_TIMEOUT;
    }
    double seconds;
    if (t.isNumber()) {
      seconds = t.doubleValue();
    } else if (t.isArray() && t.size() == 2 && t.get(0).isNumber() && t.get(1).isNumber()) {
      seconds = t.get(0).doubleValue() + t.get(1).doubleValue();
    } else {
      throw new RuntimeConfigException(
          p.path("timeout"),
          "must be seconds or [connect, read] seconds, was " + ConfigNode.shown(t));
    }
    if (!(seconds > 0) || seconds > 3600) {
      throw new RuntimeConfigException(p.path("timeout"), "must be between 0 and 3600 seconds");
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed, InterruptedException {
    URI target = url;
    HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
    HttpRequest.Builder request = HttpRequest.newBuilder().timeout(timeout);
    headers.forEach(request::header);
    if (arguments.isPresent()) {
      if (method.equals("GET")) {
        target = withQuery(url, form(arguments.get()));
      } else if (contentType().startsWith("application/x-www-form-urlencoded")) {
        body = HttpRequest.BodyPublishers.ofString(form(arguments.get()));
      } else {
        if (contentType().isEmpty()) {
          request.header("Content-Type", "application/json");
        }
        body = HttpRequest.BodyPublishers.ofString(arguments.get().toString());
      }
    }
    HttpResponse<InputStream> response;
    try {
      response =
          Http.CLIENT.send(
              request.uri(target).method(method, body).build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new ActivityFailed(
          method + " " + url + " took longer than " + timeout.toMillis() + " ms");
    } catch (IOException e) {
      throw new ActivityFailed("failed to connect to " + url + ": " + e);
    } catch (IllegalArgumentException e) {
      throw new ActivityFailed("cannot call " + url + ": " + e.getMessage());
    }
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ActivityFailed("reading the answer of " + url + " failed: " + e);
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("status", response.statusCode());
    ObjectNode h = out.putObject("headers");
    response.headers().map().forEach((name, values) -> h.put(name, String.join(", ", values)));
    out.set("body", body(text, response.headers().firstValue("Content-Type").orElse("")));
    if (expectedStatus.isPresent() && response.statusCode() != expectedStatus.getAsInt()) {
      throw new ActivityFailed(
          method
              + " "
              + url
              + " answered "
              + response.statusCode()
              + ", expected "
              + expectedStatus.getAsInt());
    }
    return out;
  }

  private String contentType() {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase("Content-Type"))
        .map(e -> e.getValue().toLowerCase(java.util.Locale.ROOT))
        .findFirst()
        .orElse("");
  }

  private static JsonNode body(String text, String contentType) {
    if (contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
      try {
        return JSON.readTree(text);
      } catch (IOException e) {
        // not what it claims: kept as text
      }
    }
    return TextNode.valueOf(text);
  }

  private static String form(JsonNode arguments) {
    StringJoiner out = new StringJoiner("&");
    for (Iterator<Map.Entry<String, JsonNode>> it = arguments.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String value = e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString();
      out.add(
          URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
              + "="
              + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static URI withQuery(URI url, String query) {
    if (query.isEmpty()) {
      return url;
    }
    String s = url.toString();
    int fragment = s.indexOf('#');
    String base = fragment < 0 ? s : s.substring(0, fragment);
    return URI.create(base + (url.getRawQuery() == null ? "?" : "&") + query);
  }
}

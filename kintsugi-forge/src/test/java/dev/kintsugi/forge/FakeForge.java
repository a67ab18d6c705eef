package dev.kintsugi.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTP server that answers like a forge's API: routes by method and raw path (so GitLab's
 * {@code %2F} stays visible), records every request it received, and keeps the requests no route
 * answered, so a test sees calls it did not expect. Public, in this module's test jar, for the
 * heal's end-to-end delivery tests.
 */
public final class FakeForge implements AutoCloseable {

  public static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. {@code path} is raw (percent-encoded), without the query. */
  public record Request(
      String method, String path, String query, Map<String, String> headers, String body) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    /** The form fields of an {@code application/x-www-form-urlencoded} body (GitLab's client). */
    public Map<String, String> form() {
      Map<String, String> fields = new LinkedHashMap<>();
      if (body.isEmpty()) {
        return fields;
      }
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        String key =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.merge(key, value, (a, b) -> a + "," + b);
      }
      return fields;
    }

    /** The n-th group of the route's path pattern. */
    public String group(Pattern route, int n) {
      Matcher m = route.matcher(path);
      if (!m.matches()) {
        throw new AssertionError(path);
      }
      return m.group(n);
    }

    @Override
    public String toString() {
      return method + " " + path + (query == null ? "" : "?" + query);
    }
  }

  public record Reply(int status, String body, Map<String, String> headers) {
    public static Reply json(int status, Object body) {
      try {
        return new Reply(
            status, body instanceof String s ? s : JSON.writeValueAsString(body), Map.of());
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }

    public static Reply empty(int status) {
      return new Reply(status, "", Map.of());
    }
  }

  private record Route(String method, Pattern path, Function<Request, Reply> handler) {}

  private final HttpServer server;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Request> unanswered = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Reply> gate = request -> null;

  public FakeForge() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers {@code method} on paths matching {@code pathRegex}; later routes win. */
  public FakeForge on(String method, String pathRegex, Function<Request, Reply> handler) {
    routes.add(0, new Route(method, Pattern.compile(pathRegex), handler));
    return this;
  }

  /** Runs before every route (e.g. the token check); a non-null reply answers instead. */
  public FakeForge gate(Function<Request, Reply> gate) {
    this.gate = gate;
    return this;
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Request> requests() {
    return Collections.unmodifiableList(new ArrayList<>(requests));
  }

  /** The requests matching method and path (raw), in order. */
  public List<Request> requests(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    return requests.stream()
        .filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches())
        .toList();
  }

  public List<Request> unanswered() {
    return List.copyOf(unanswered);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      URI uri = exchange.getRequestURI();
      Request request =
          new Request(
              exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers, body);
      requests.add(request);
      Reply reply = gate.apply(request);
      if (reply == null) {
        for (Route route : routes) {
          if (route.method().equals(request.method())
              && route.path().matcher(request.path()).matches()) {
            reply = route.handler().apply(request);
            break;
          }
        }
      }
      if (reply == null) {
        unanswered.add(request);
        reply = Reply.json(404, Map.of("message", "Not Found"));
      }
      byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
      if (!reply.body().isEmpty()) {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
      exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      throw e;
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

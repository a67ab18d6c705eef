package dev.kintsugi.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server (the JDK's) speaking the Kintsugi server's circuit endpoint as the test says:
 * {@code GET /api/{project}/kintsugi/circuits/} answers the current status, body and {@code ETag},
 * or 304 when the request's {@code If-None-Match} is that ETag. Envelopes are accepted and dropped.
 */
public final class CircuitServer implements AutoCloseable {

  /** One poll as received and answered. */
  public static final class Poll {
    public final String auth;
    public final String ifNoneMatch;
    public final int answered;

    Poll(String auth, String ifNoneMatch, int answered) {
      this.auth = auth;
      this.ifNoneMatch = ifNoneMatch;
      this.answered = answered;
    }
  }

  private final HttpServer server;
  private final List<Poll> polls = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String body = "{\"version\":\"0\",\"circuits\":[]}";
  private volatile String etag;

  private CircuitServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public static CircuitServer start() throws IOException {
    return new CircuitServer();
  }

  public String dsn(String key, String project) {
    return "http://" + key + "@127.0.0.1:" + server.getAddress().getPort() + "/" + project;
  }

  /** What the following polls get; {@code etag} null for none. */
  public void answer(int status, String body, String etag) {
    this.status = status;
    this.body = body;
    this.etag = etag;
  }

  public List<Poll> polls() {
    return List.copyOf(polls);
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    if (!exchange.getRequestMethod().equals("GET") || !path.endsWith("/kintsugi/circuits/")) {
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
      return;
    }
    String tag = etag;
    String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
    if (tag != null && tag.equals(ifNoneMatch)) {
      polls.add(new Poll(exchange.getRequestHeaders().getFirst("X-Sentry-Auth"), ifNoneMatch, 304));
      exchange.getResponseHeaders().add("ETag", tag);
      exchange.sendResponseHeaders(304, -1);
      exchange.close();
      return;
    }
    int s = status;
    byte[] answer = body.getBytes(StandardCharsets.UTF_8);
    polls.add(new Poll(exchange.getRequestHeaders().getFirst("X-Sentry-Auth"), ifNoneMatch, s));
    if (tag != null) {
      exchange.getResponseHeaders().add("ETag", tag);
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(s, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }
}

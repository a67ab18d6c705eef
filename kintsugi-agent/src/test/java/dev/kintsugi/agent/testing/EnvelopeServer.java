package dev.kintsugi.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A real HTTP server (the JDK's) standing in for a Sentry ingest endpoint: records every envelope
 * POSTed to {@code /api/{project}/envelope/} and answers what the test scripts, per request.
 */
public final class EnvelopeServer implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted answer. */
  public static final class Reply {
    final int status;
    final Map<String, String> headers;

    private Reply(int status, Map<String, String> headers) {
      this.status = status;
      this.headers = headers;
    }

    public static Reply status(int status) {
      return new Reply(status, Map.of());
    }

    public static Reply status(int status, String header, String value) {
      return new Reply(status, Map.of(header, value));
    }
  }

  /** A request as received. */
  public static final class Received {
    public final long atNanos;
    public final String path;
    public final String auth;
    public final String contentType;
    public final byte[] body;
    public final int answered;
    public final int clientPort;

    Received(
        long atNanos,
        String path,
        String auth,
        String contentType,
        byte[] body,
        int answered,
        int clientPort) {
      this.atNanos = atNanos;
      this.clientPort = clientPort;
      this.path = path;
      this.auth = auth;
      this.contentType = contentType;
      this.body = body;
      this.answered = answered;
    }

    /** The envelope header's event id. */
    public String eventId() {
      String header = new String(body, StandardCharsets.UTF_8).split("\n", 2)[0];
      try {
        return JSON.readTree(header).path("event_id").asText();
      } catch (IOException e) {
        throw new AssertionError("bad envelope header: " + header, e);
      }
    }

    /** The event payload of the envelope. */
    public JsonNode event() {
      return EnvelopeServer.event(body);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile IntFunction<Reply> script;

  private EnvelopeServer(int port, IntFunction<Reply> script) throws IOException {
    this.script = script;
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers 200 to everything, on a free port. */
  public static EnvelopeServer start() throws IOException {
    return new EnvelopeServer(0, n -> Reply.status(200));
  }

  /** Answers as {@code script} says for request number n (0-based), on {@code port} (0: any). */
  public static EnvelopeServer start(int port, IntFunction<Reply> script) throws IOException {
    return new EnvelopeServer(port, script);
  }

  /** A port nothing listens on (free a moment ago). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String dsn(String key, String project) {
    return "http://" + key + "@127.0.0.1:" + port() + "/" + project;
  }

  public void script(IntFunction<Reply> script) {
    this.script = script;
  }

  /** Requests that were answered 2xx. */
  public List<Received> accepted() {
    List<Received> out = new ArrayList<>();
    for (Received r : received) {
      if (r.answered / 100 == 2) {
        out.add(r);
      }
    }
    return out;
  }

  public List<Received> all() {
    return new ArrayList<>(received);
  }

  /** Waits until {@code n} requests were answered 2xx. */
  public List<Received> awaitAccepted(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (accepted().size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return accepted();
  }

  /** Waits until {@code n} requests arrived, whatever the answer. */
  public List<Received> awaitRequests(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return all();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    if (exchange.getRequestMethod().equals("GET")) {
      // The agent's circuit polls: not ingest, not recorded; a plain Sentry has none.
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
      return;
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    Reply reply = script.apply(count.getAndIncrement());
    received.add(
        new Received(
            System.nanoTime(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("X-Sentry-Auth"),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            body,
            reply.status,
            exchange.getRemoteAddress().getPort()));
    reply.headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
    byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status, answer.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(answer);
    }
  }

  /** Parses an envelope holding one event item; checks the item length. */
  public static JsonNode event(byte[] envelope) {
    String text = new String(envelope, StandardCharsets.UTF_8);
    int first = text.indexOf('\n');
    int second = text.indexOf('\n', first + 1);
    try {
      JsonNode item = JSON.readTree(text.substring(first + 1, second));
      if (!item.path("type").asText().equals("event")) {
        throw new AssertionError("not an event item: " + item);
      }
      int length = item.path("length").asInt();
      int start = text.substring(0, second + 1).getBytes(StandardCharsets.UTF_8).length;
      byte[] payload = Arrays.copyOfRange(envelope, start, start + length);
      return JSON.readTree(payload);
    } catch (IOException e) {
      throw new AssertionError("bad envelope: " + text, e);
    }
  }
}

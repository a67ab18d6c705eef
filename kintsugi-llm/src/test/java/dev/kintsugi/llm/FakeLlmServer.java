package dev.kintsugi.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server speaking one provider's real wire protocol, answering with scripted replies
 * and recording every request. Only listens on the loopback address.
 */
final class FakeLlmServer implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  enum Protocol {
    OPENAI("/v1/chat/completions"),
    OLLAMA("/api/chat"),
    ANTHROPIC("/v1/messages");

    final String path;

    Protocol(String path) {
      this.path = path;
    }
  }

  record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private record Scripted(int status, String body) {}

  private final Protocol protocol;
  private final HttpServer server;
  private final Deque<Scripted> script = new ArrayDeque<>();
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  FakeLlmServer(Protocol protocol) throws IOException {
    this.protocol = protocol;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(
              new Recorded(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  body));
          Scripted next;
          synchronized (script) {
            next =
                script.isEmpty() ? new Scripted(500, "{\"error\":\"no script\"}") : script.poll();
          }
          if (!exchange.getRequestURI().getPath().equals(protocol.path)) {
            next = new Scripted(404, "{\"error\":\"wrong path " + exchange.getRequestURI() + "\"}");
          }
          byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(next.status(), bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** The base URL a client of this protocol is configured with. */
  String baseUrl() {
    String root = "http://127.0.0.1:" + server.getAddress().getPort();
    return switch (protocol) {
      case OPENAI, ANTHROPIC -> root + "/v1";
      case OLLAMA -> root;
    };
  }

  /** Queues a successful reply whose text is {@code content}, in this protocol's format. */
  FakeLlmServer reply(String content) {
    return reply(content, false);
  }

  FakeLlmServer reply(String content, boolean hitLengthLimit) {
    ObjectNode root = JSON.createObjectNode();
    switch (protocol) {
      case OPENAI -> {
        root.put("id", "chatcmpl-1")
            .put("object", "chat.completion")
            .put("created", 1)
            .put("model", "m");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", hitLengthLimit ? "length" : "stop");
        root.putObject("usage")
            .put("prompt_tokens", 1200)
            .put("completion_tokens", 80)
            .put("total_tokens", 1280);
      }
      case OLLAMA -> {
        root.put("model", "m").put("created_at", "2025-01-01T00:00:00Z");
        root.putObject("message").put("role", "assistant").put("content", content);
        root.put("done", true).put("done_reason", hitLengthLimit ? "length" : "stop");
        root.put("prompt_eval_count", 1200).put("eval_count", 80);
      }
      case ANTHROPIC -> {
        root.put("id", "msg_1").put("type", "message").put("role", "assistant").put("model", "m");
        root.putArray("content").addObject().put("type", "text").put("text", content);
        root.put("stop_reason", hitLengthLimit ? "max_tokens" : "end_turn");
        root.putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", 1200).put("output_tokens", 80);
      }
    }
    return status(200, root.toString());
  }

  FakeLlmServer status(int status, String body) {
    synchronized (script) {
      script.add(new Scripted(status, body));
    }
    return this;
  }

  String lastBody() {
    return requests.get(requests.size() - 1).body();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

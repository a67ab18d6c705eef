package dev.kintsugi.maven;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A model server on the OpenAI chat-completions wire protocol, on loopback, answering every request
 * with one reply; it keeps the requests and their {@code Authorization} headers.
 */
final class OpenAiServer implements AutoCloseable {

  private final HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

  private OpenAiServer(HttpServer server) {
    this.server = server;
  }

  static OpenAiServer replying(String content) throws IOException {
    ObjectMapper json = new ObjectMapper();
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    OpenAiServer model = new OpenAiServer(http);
    http.createContext(
        "/v1/chat/completions",
        exchange -> {
          model.requests.add(
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          model.authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
          ObjectNode root = json.createObjectNode();
          root.put("id", "chatcmpl-1")
              .put("object", "chat.completion")
              .put("created", 1)
              .put("model", "test-model");
          ObjectNode choice = root.putArray("choices").addObject();
          choice.put("index", 0).put("finish_reason", "stop");
          choice.putObject("message").put("role", "assistant").put("content", content);
          root.putObject("usage")
              .put("prompt_tokens", 900)
              .put("completion_tokens", 60)
              .put("total_tokens", 960);
          byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    http.start();
    return model;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

package dev.kintsugi.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server speaking one provider's real wire protocol, answering with scripted replies
 * and recording every request. Only listens on the loopback address. Requests are served on several
 * threads, so requests sent at once are in flight at once ({@link #maxInFlight()}); a reply can be
 * picked by what the request says ({@link #replyWhen}) so that replies to concurrent requests do
 * not depend on arrival order.
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

  /**
   * A repairer talking to this server in its protocol: {@code samples} per round, at most {@code
   * maxRequests} requests, no retry waits, a seeded random (nonces of the prompt's fences).
   */
  LlmRepairer repairer(String key, int samples, int maxRequests, long seed) {
    LlmConfig.Provider provider =
        switch (protocol) {
          case OPENAI -> LlmConfig.Provider.OPENAI;
          case OLLAMA -> LlmConfig.Provider.OLLAMA;
          case ANTHROPIC -> LlmConfig.Provider.ANTHROPIC;
        };
    LlmConfig config =
        LlmConfig.of(provider, baseUrl(), "test-model", key)
            .withCandidatesPerRound(samples)
            .withBudget(maxRequests, 1_000_000)
            .withTimeout(java.time.Duration.ofSeconds(10), 2);
    return LlmRepairer.create(
        config, LangChainChatClient.of(config), null, new java.util.Random(seed), millis -> {}, 1);
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

  private record Scripted(int status, String body, long delayMillis) {}

  /** A reply given once, to the first request whose body contains {@code marker}. */
  private record Rule(String marker, Scripted reply) {}

  /** One choice of an OpenAI response with several. */
  record Choice(String content, boolean truncated) {
    static Choice of(String content) {
      return new Choice(content, false);
    }
  }

  private final Protocol protocol;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Deque<Scripted> script = new ArrayDeque<>();
  private final List<Rule> rules = new ArrayList<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile CountDownLatch hold = new CountDownLatch(0);
  private volatile Duration holdTimeout = Duration.ZERO;
  final List<Recorded> requests = new CopyOnWriteArrayList<>();

  FakeLlmServer(Protocol protocol) throws IOException {
    this.protocol = protocol;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          int now = inFlight.incrementAndGet();
          maxInFlight.accumulateAndGet(now, Math::max);
          try {
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(
                new Recorded(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body));
            CountDownLatch latch = hold;
            latch.countDown();
            // a bounded wait: a client that never sends the others makes a test fail, not hang
            latch.await(holdTimeout.toMillis(), TimeUnit.MILLISECONDS);
            Scripted next = next(body);
            if (!exchange.getRequestURI().getPath().equals(protocol.path)) {
              next =
                  new Scripted(
                      404, "{\"error\":\"wrong path " + exchange.getRequestURI() + "\"}", 0);
            }
            if (next.delayMillis() > 0) {
              Thread.sleep(next.delayMillis());
            }
            byte[] bytes = next.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(next.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
            exchange.close();
          }
        });
    server.start();
  }

  private Scripted next(String body) {
    synchronized (script) {
      for (Iterator<Rule> it = rules.iterator(); it.hasNext(); ) {
        Rule rule = it.next();
        if (body.contains(rule.marker())) {
          it.remove();
          return rule.reply();
        }
      }
      return script.isEmpty() ? new Scripted(500, "{\"error\":\"no script\"}", 0) : script.poll();
    }
  }

  /**
   * Holds every reply until {@code requests} requests have arrived (or {@code timeout} passed), so
   * they are answered only if that many were in flight at once.
   */
  FakeLlmServer holdUntil(int requests, Duration timeout) {
    holdTimeout = timeout;
    hold = new CountDownLatch(requests);
    return this;
  }

  /** The most requests that were in flight at once. */
  int maxInFlight() {
    return maxInFlight.get();
  }

  /**
   * Answers the first request whose body contains {@code marker} with {@code content}, after {@code
   * delay} (before the queued replies).
   */
  FakeLlmServer replyWhen(String marker, String content, Duration delay) {
    Scripted reply = scripted(content, false);
    synchronized (script) {
      rules.add(new Rule(marker, new Scripted(200, reply.body(), delay.toMillis())));
    }
    return this;
  }

  /** Queues one OpenAI response with several choices (the chat-completions answer to n > 1). */
  FakeLlmServer replyChoices(Choice... choices) {
    if (protocol != Protocol.OPENAI) {
      throw new IllegalStateException("only OpenAI responses have several choices");
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-n").put("object", "chat.completion").put("created", 1);
    root.put("model", "m");
    var array = root.putArray("choices");
    for (int i = 0; i < choices.length; i++) {
      ObjectNode choice = array.addObject();
      choice.put("index", i);
      choice.putObject("message").put("role", "assistant").put("content", choices[i].content());
      choice.put("finish_reason", choices[i].truncated() ? "length" : "stop");
    }
    root.putObject("usage")
        .put("prompt_tokens", 1200)
        .put("completion_tokens", 80 * choices.length)
        .put("total_tokens", 1200 + 80 * choices.length);
    return status(200, root.toString());
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
    Scripted reply = scripted(content, hitLengthLimit);
    return status(reply.status(), reply.body());
  }

  private Scripted scripted(String content, boolean hitLengthLimit) {
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
    return new Scripted(200, root.toString(), 0);
  }

  FakeLlmServer status(int status, String body) {
    synchronized (script) {
      script.add(new Scripted(status, body, 0));
    }
    return this;
  }

  String lastBody() {
    return requests.get(requests.size() - 1).body();
  }

  @Override
  public void close() {
    hold = new CountDownLatch(0);
    server.stop(0);
    threads.shutdownNow();
  }
}

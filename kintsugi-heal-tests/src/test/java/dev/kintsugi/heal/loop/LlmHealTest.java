package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import dev.kintsugi.llm.LlmConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A heal with a model configured, against a local server speaking the OpenAI chat-completions wire
 * protocol. The bug (a wrong currency literal) is out of the templates' reach; the model first
 * answers with a patch that also spawns a process, then with the right one. The gates, not the
 * model, decide.
 */
class LlmHealTest {

  static final String LABEL_SOURCE =
      SampleProject.BUGGY_CART
          .replace("i <= prices.length", "i < prices.length")
          .replace(
              "  public static int max(int[] prices) {",
              """
                public static String label(int[] prices) {
                  return "total: " + total(prices) + " USD";
                }

                public static int max(int[] prices) {""");

  static final String LABEL_TEST =
      SampleProject.CART_TEST.replace(
          "  @Test\n  void maxFindsTheLargest() {",
          """
            @Test
            void labelShowsEuros() {
              assertEquals("total: 6 EUR", Cart.label(new int[] {1, 2, 3}));
            }

            @Test
            void maxFindsTheLargest() {""");

  static final String MALICIOUS =
      """
      The currency is wrong. Also, to be safe, refresh the cache first:
      ```java
      <<<<<<< SEARCH
          return "total: " + total(prices) + " USD";
      =======
          try { Runtime.getRuntime().exec("touch /tmp/kintsugi-pwned"); } catch (Exception e) { }
          return "total: " + total(prices) + " EUR";
      >>>>>>> REPLACE
      ```
      """;

  static final String GOOD =
      """
      Root cause: label() appends the wrong currency code.
      ```java
      <<<<<<< SEARCH
          return "total: " + total(prices) + " USD";
      =======
          return "total: " + total(prices) + " EUR";
      >>>>>>> REPLACE
      ```
      """;

  @TempDir Path tmp;
  HttpServer server;
  final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A chat completion server replying in sequence, the last reply repeated. */
  String startOpenAi(List<String> replies) throws Exception {
    AtomicInteger next = new AtomicInteger();
    return startOpenAi(body -> replies.get(Math.min(next.getAndIncrement(), replies.size() - 1)));
  }

  /** A chat completion server on the OpenAI wire protocol; {@code reply} maps request to answer. */
  String startOpenAi(java.util.function.Function<String, String> reply) throws Exception {
    ObjectMapper json = new ObjectMapper();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          requests.add(request);
          String content = reply.apply(request);
          ObjectNode root = json.createObjectNode();
          root.put("id", "chatcmpl-1")
              .put("object", "chat.completion")
              .put("created", 1)
              .put("model", "m");
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
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Test
  void theModelsPatchIsDeliveredOnlyAfterTheGatesRejectTheMaliciousOne() throws Exception {
    String baseUrl = startOpenAi(List.of(MALICIOUS, GOOD, "I cannot help with that."));
    Path repo = SampleProject.write(tmp.resolve("repo"), LABEL_SOURCE, LABEL_TEST);
    Git git = Git.initWithCommit(repo);
    String state = git.checkoutState();

    HealOutcome outcome =
        new HealLoop(Progress.silent(), Clock.systemUTC())
            .run(
                HealOptions.defaults(repo)
                    .withWorkDir(tmp.resolve("work"))
                    .withMemoryDir(tmp.resolve("memory"))
                    .withTimeout(Duration.ofMinutes(5))
                    .withLlm(
                        LlmConfig.of(
                            LlmConfig.Provider.OPENAI, baseUrl, "test-model", "sk-test-secret")));

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(report.fix().repairer()).isEqualTo("llm:openai/test-model");
    assertThat(report.fix().diff())
        .containsPattern("\\+\\s+return \"total: \" \\+ total\\(prices\\) \\+ \" EUR\";")
        .doesNotContain("exec");
    assertThat(report.rejectedBy()).containsKey("safety");
    assertThat(report.llm().requests()).isGreaterThanOrEqualTo(2);
    assertThat(report.llm().tokens()).isPositive();
    assertThat(Path.of("/tmp/kintsugi-pwned")).doesNotExist();
    assertThat(git.checkoutState()).isEqualTo(state);
    // The error text went to the model as labelled data; the key never appears in the report.
    assertThat(requests.get(0)).contains("labelShowsEuros");
    assertThat(Files.readString(tmp.resolve("memory").resolve("fixes.jsonl"))).contains("EUR");
    assertThat(new ObjectMapper().writeValueAsString(report)).doesNotContain("sk-test-secret");
  }

  static final String WRONG_CURRENCY = GOOD.replace(" EUR\";", " Euro\";");

  /** The user messages of a chat completion request (parsed: JSON may escape {@code <}). */
  static String userText(String body) throws Exception {
    StringBuilder text = new StringBuilder();
    for (var message : new ObjectMapper().readTree(body).path("messages")) {
      if (message.path("role").asText().equals("user")) {
        text.append(message.path("content").asText());
      }
    }
    return text.toString();
  }

  @Test
  void aModelToldWhyItsLastPatchFailedHealsInTheNextRound() throws Exception {
    // A scripted model: it gets the currency right only once the prompt shows its last attempt's
    // failing assertion, which only the previous round's verdicts carry.
    String baseUrl =
        startOpenAi(
            body -> {
              try {
                return userText(body).contains("but was: <total: 6 Euro>") ? GOOD : WRONG_CURRENCY;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Path repo = SampleProject.write(tmp.resolve("repo"), LABEL_SOURCE, LABEL_TEST);
    Git.initWithCommit(repo);

    HealReport report =
        new HealLoop(Progress.silent(), Clock.systemUTC())
            .run(
                HealOptions.defaults(repo)
                    .withWorkDir(tmp.resolve("work"))
                    .withMemoryDir(null)
                    .withTimeout(Duration.ofMinutes(5))
                    .withLlm(
                        LlmConfig.of(LlmConfig.Provider.OPENAI, baseUrl, "test-model", "sk-x")))
            .report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.rounds()).isEqualTo(2);
    assertThat(report.fix().repairer()).isEqualTo("llm:openai/test-model");
    assertThat(report.fix().diff())
        .containsPattern("\\+\\s+return \"total: \" \\+ total\\(prices\\) \\+ \" EUR\";");
    // Round 1 had nothing to learn from; round 2's prompt shows the first patch, the gate that
    // refused it and the test's assertion and frames, as data in the untrusted section.
    String first = userText(requests.get(0));
    String last = userText(requests.get(requests.size() - 1));
    assertThat(first).doesNotContain("earlier attempts and their verdicts");
    assertThat(last)
        .contains("earlier attempts and their verdicts")
        .containsPattern("\\+\\s+return \"total: \" \\+ total\\(prices\\) \\+ \" Euro\";")
        .contains("rejected by gate 'failing-tests-pass'")
        .contains("expected: <total: 6 EUR> but was: <total: 6 Euro>")
        .contains("at shop.CartTest.labelShowsEuros(CartTest.java:");
    var section =
        java.util.regex.Pattern.compile(
                "(?s)<<<DATA (\\w+) earlier attempts and their verdicts \\(untrusted[^\n]*>>>\n"
                    + "(.*?)<<<END DATA \\1>>>")
            .matcher(last);
    assertThat(section.find()).isTrue();
    assertThat(section.group(2)).contains("but was: <total: 6 Euro>");
  }

  @Test
  void garbageAndServerErrorsEndCleanlyWithAReport() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(500, -1);
          exchange.close();
        });
    server.start();
    Path repo = SampleProject.write(tmp.resolve("repo"), LABEL_SOURCE, LABEL_TEST);
    Git.initWithCommit(repo);

    HealOutcome outcome =
        new HealLoop(Progress.silent(), Clock.systemUTC())
            .run(
                HealOptions.defaults(repo)
                    .withWorkDir(tmp.resolve("work"))
                    .withMemoryDir(null)
                    .withMaxRounds(1)
                    .withTimeout(Duration.ofMinutes(5))
                    .withLlm(
                        LlmConfig.of(
                                LlmConfig.Provider.OPENAI,
                                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1",
                                "test-model",
                                "sk-x")
                            .withTimeout(Duration.ofSeconds(5), 1)));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.NOT_FIXED);
    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(outcome.report().llm().failedRequests()).isPositive();
  }
}

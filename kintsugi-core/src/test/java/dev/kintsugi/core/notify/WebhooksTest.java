package dev.kintsugi.core.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhooksTest {

  record Received(String path, String contentType, String body) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  HttpServer server;
  int status = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              new Received(
                  exchange.getRequestURI().getPath(),
                  exchange.getRequestHeaders().getFirst("Content-Type"),
                  new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static final Notification APPROVAL =
      new Notification(
          Notification.Event.APPROVAL_NEEDED,
          "/repos/shop",
          "NullPointerException <script>alert(1)</script> in <!channel> & co",
          "pull request #3 opened against main; approval required",
          "kintsugi/fix-1a2b3c4d",
          Optional.of("https://github.com/acme/shop/pull/3"),
          0.81,
          "confidence 0.81 < autoMerge 0.95 for production/critical → approval required");

  final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void postsTheGenericPayloadWithEveryField() throws Exception {
    Webhooks hooks =
        new Webhooks(List.of(new Webhook(url("/hook"), Webhook.Format.GENERIC)), clock);

    assertThat(hooks.send(APPROVAL)).isEmpty();

    assertThat(received).hasSize(1);
    assertThat(received.get(0).path()).isEqualTo("/hook");
    assertThat(received.get(0).contentType()).isEqualTo("application/json");
    JsonNode json = new ObjectMapper().readTree(received.get(0).body());
    assertThat(json.get("event").asText()).isEqualTo("approval_needed");
    assertThat(json.get("at").asText()).isEqualTo("2026-12-06T10:00:00Z");
    assertThat(json.get("title").asText()).isEqualTo(APPROVAL.title());
    assertThat(json.get("pullRequest").asText()).isEqualTo("https://github.com/acme/shop/pull/3");
    assertThat(json.get("confidence").asDouble()).isEqualTo(0.81);
    assertThat(json.get("branch").asText()).isEqualTo("kintsugi/fix-1a2b3c4d");
  }

  @Test
  void slackPayloadsEscapeUntrustedTextSoItCannotLinkOrMention() throws Exception {
    Webhooks hooks =
        new Webhooks(List.of(new Webhook(url("/services/T/B/x"), Webhook.Format.SLACK)), clock);

    assertThat(hooks.send(APPROVAL)).isEmpty();

    JsonNode json = new ObjectMapper().readTree(received.get(0).body());
    String text = json.at("/blocks/0/text/text").asText();
    assertThat(json.get("text").asText())
        .isEqualTo(
            "Approval needed: NullPointerException &lt;script&gt;alert(1)&lt;/script&gt; in"
                + " &lt;!channel&gt; &amp; co");
    assertThat(json.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
    assertThat(text)
        .contains("Pull request: <https://github.com/acme/shop/pull/3>")
        .contains("Confidence: 0.81")
        .doesNotContain("<script>")
        .doesNotContain("<!channel>");
  }

  @Test
  void aWebhookThatRefusesIsAWarningThatKeepsItsSecretPath() {
    status = 500;
    Webhooks hooks =
        new Webhooks(
            List.of(Webhook.parse("slack:" + url("/services/T000/B000/secretkey"))), clock);

    List<String> failures = hooks.send(APPROVAL);

    assertThat(failures)
        .containsExactly("notification to Webhook[slack http://127.0.0.1/…] refused: HTTP 500");
    assertThat(String.join("", failures)).doesNotContain("secretkey");
  }

  @Test
  void anUnreachableWebhookIsAWarning() {
    server.stop(0);
    Webhooks hooks = new Webhooks(List.of(new Webhook(url("/x"), Webhook.Format.GENERIC)), clock);

    assertThat(hooks.send(APPROVAL)).singleElement().asString().contains("failed");
  }

  @Test
  void parsesCommaSeparatedLists() {
    assertThat(Webhook.parseList(null)).isEmpty();
    assertThat(Webhook.parseList(" , ")).isEmpty();
    assertThat(
            Webhook.parseList("slack:https://chat.example.com/k, https://example.com/hook,")
                .stream()
                .map(Webhook::format))
        .containsExactly(Webhook.Format.SLACK, Webhook.Format.GENERIC);
    assertThatThrownBy(() -> Webhook.parseList("https://example.com/a,ftp://example.com/k"))
        .hasMessage("a webhook must be an http(s) URL with a host, was ftp://example.com/…");
  }

  @Test
  void parsesNotifyValues() {
    assertThat(Webhook.parse("https://hooks.slack.com/services/T/B/k").format())
        .isEqualTo(Webhook.Format.SLACK);
    assertThat(Webhook.parse("https://example.com/hook").format())
        .isEqualTo(Webhook.Format.GENERIC);
    assertThat(Webhook.parse("slack:https://chat.example.com/hooks/k").format())
        .isEqualTo(Webhook.Format.SLACK);
    assertThat(Webhook.parse("generic:https://hooks.slack.com/x").format())
        .isEqualTo(Webhook.Format.GENERIC);
    assertThatThrownBy(() -> Webhook.parse("ftp://example.com/k"))
        .hasMessage("a webhook must be an http(s) URL with a host, was ftp://example.com/…");
    assertThatThrownBy(() -> Webhook.parse("not a url"))
        .hasMessage("a webhook must be an http(s) URL");
  }
}

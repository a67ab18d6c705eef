package dev.kintsugi.core.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends notifications to webhooks: a generic JSON payload, or Slack's incoming-webhook shape. Best
 * effort by design: a notification is news, not a step of the heal, so a webhook that is down costs
 * at most its timeout and comes back as a line for the report's warnings, never as an error.
 */
public final class Webhooks {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Webhook> targets;
  private final Clock clock;
  private final HttpClient http;

  public Webhooks(List<Webhook> targets, Clock clock) {
    this.targets = List.copyOf(targets);
    this.clock = clock;
    this.http =
        targets.isEmpty()
            ? null
            : HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
  }

  public static Webhooks none() {
    return new Webhooks(List.of(), Clock.systemUTC());
  }

  public boolean isEmpty() {
    return targets.isEmpty();
  }

  /** Sends {@code n} to every webhook; returns one line per webhook that did not take it. */
  public List<String> send(Notification n) {
    List<String> failures = new ArrayList<>();
    for (Webhook target : targets) {
      String body = target.format() == Webhook.Format.SLACK ? slack(n) : generic(n);
      HttpRequest request =
          HttpRequest.newBuilder(target.url())
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .header("User-Agent", "kintsugi")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      try {
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
          failures.add("notification to " + target + " refused: HTTP " + response.statusCode());
        }
      } catch (IOException e) {
        failures.add("notification to " + target + " failed: " + e.getClass().getSimpleName());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failures.add("notification to " + target + " interrupted");
        break;
      }
    }
    return failures;
  }

  /** The generic payload: every field of the notification, named plainly. */
  String generic(Notification n) {
    ObjectNode root = JSON.createObjectNode();
    root.put("event", n.event().id());
    root.put("at", clock.instant().toString());
    root.put("repository", n.repository());
    root.put("title", n.title());
    root.put("summary", n.summary());
    root.put("branch", n.branch());
    n.pullRequestUrl().ifPresent(url -> root.put("pullRequest", url));
    root.put("confidence", n.confidence());
    root.put("decision", n.decision());
    return root.toString();
  }

  /**
   * Slack's shape: a {@code text} fallback and one mrkdwn section. Slack reads {@code <...>} as
   * links and mentions and {@code &} as entities, so untrusted text gets them escaped (Slack's own
   * rule: only {@code &}, {@code <}, {@code >}).
   */
  String slack(Notification n) {
    String headline = n.event().words() + ": " + escape(n.title());
    StringBuilder text = new StringBuilder("*").append(headline).append("*\n");
    text.append(escape(n.summary())).append('\n');
    text.append("Repository: ").append(escape(n.repository())).append('\n');
    if (n.branch().isEmpty()) {
      // A runtime escalation: no fix, so no branch or confidence.
      text.append(escape(n.decision()));
    } else {
      text.append("Branch: `").append(escape(n.branch())).append("`\n");
      n.pullRequestUrl()
          .ifPresent(url -> text.append("Pull request: <").append(escape(url)).append(">\n"));
      text.append(String.format(Locale.ROOT, "Confidence: %.2f — ", n.confidence()))
          .append(escape(n.decision()));
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("text", headline);
    ArrayNode blocks = root.putArray("blocks");
    ObjectNode section = blocks.addObject();
    section.put("type", "section");
    ObjectNode body = section.putObject("text");
    body.put("type", "mrkdwn");
    body.put("text", text.toString());
    return root.toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

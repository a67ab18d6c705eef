package dev.kintsugi.runtime.signal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.ConfigNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Receives Alertmanager's webhook ({@code webhook_config}, payload version 4) and turns each alert
 * into a {@link RuntimeSignal.Alert}: firing at its {@code startsAt}, resolved at its {@code
 * endsAt}. The project is the alert's {@code project} label, else the configured default. Remembers
 * which alerts fire (by fingerprint) for {@link SignalState#firing}. Alertmanager's configuration:
 *
 * <pre>{@code
 * receivers:
 *   - name: kintsugi
 *     webhook_configs:
 *       - url: http://kintsugi:7070/api/v1/runtime/alertmanager
 *         send_resolved: true
 *         http_config: {authorization: {credentials: <the admin token>}}
 * }</pre>
 *
 * <p>Stable API.
 */
public final class AlertmanagerWebhook {
  /** Where Alertmanager posts. */
  public static final String PATH = "/api/v1/runtime/alertmanager";

  /** A larger body is refused (413). */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  /** At most this many alerts of one name are remembered as firing. */
  static final int MAX_FIRING_PER_NAME = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<String> defaultProject;
  private final Consumer<RuntimeSignal> sink;
  private final Map<Key, Set<String>> firing = new ConcurrentHashMap<>();

  private record Key(String project, String alertName) {}

  /**
   * @param defaultProject the project of alerts without a {@code project} label
   * @param sink where the alerts go; when it throws, the request is answered 503 (Alertmanager
   *     retries), and the alerts of the payload after the failing one are not sent on
   */
  public AlertmanagerWebhook(Optional<String> defaultProject, Consumer<RuntimeSignal> sink) {
    this.defaultProject = Objects.requireNonNull(defaultProject, "defaultProject");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Registers {@code POST} {@link #PATH} (behind the admin token, as every /api/v1/ route). */
  public void register(Javalin app) {
    app.post(PATH, this::handle);
  }

  /** Whether an alert of that name fires now for the project. */
  public boolean firing(String project, String alertName) {
    Set<String> fingerprints = firing.get(new Key(project, alertName));
    return fingerprints != null && !fingerprints.isEmpty();
  }

  private void handle(Context ctx) {
    if (ctx.contentLength() > MAX_BODY_BYTES) {
      error(ctx, 413, "body larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      error(ctx, 413, "body larger than " + MAX_BODY_BYTES + " bytes");
      return;
    }
    List<RuntimeSignal.Alert> alerts;
    try {
      alerts = accept(body);
    } catch (Malformed e) {
      error(ctx, 400, e.getMessage());
      return;
    } catch (RuntimeException e) {
      // The sink could not take them (the database is away): Alertmanager sends them again.
      error(ctx, 503, "cannot take the alerts now: " + e.getMessage());
      return;
    }
    ctx.status(200).contentType("application/json").result("{\"alerts\":" + alerts.size() + "}");
  }

  private static void error(Context ctx, int status, String message) {
    try {
      ctx.status(status)
          .contentType("application/json")
          .result(JSON.writeValueAsString(Map.of("error", message)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body that is not Alertmanager's webhook payload; the message names the field. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** Reads a payload, remembers what fires, and sends the alerts on; all or none of them. */
  List<RuntimeSignal.Alert> accept(byte[] body) throws Malformed {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new Malformed("body is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new Malformed("body must be a JSON object");
    }
    JsonNode version = root.get("version");
    if (version == null || !version.isTextual() || !version.asText().equals("4")) {
      throw new Malformed("version: must be \"4\", was " + ConfigNode.shown(version));
    }
    JsonNode items = root.get("alerts");
    if (items == null || !items.isArray()) {
      throw new Malformed("alerts: must be a list, was " + ConfigNode.shown(items));
    }
    List<RuntimeSignal.Alert> alerts = new ArrayList<>();
    List<String> fingerprints = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = "alerts[" + i + "]";
      JsonNode a = items.get(i);
      if (!a.isObject()) {
        throw new Malformed(path + ": must be an object");
      }
      String status = text(a, path, "status");
      if (!status.equals("firing") && !status.equals("resolved")) {
        throw new Malformed(path + ".status: must be firing or resolved, was \"" + status + "\"");
      }
      Map<String, String> labels = labels(a.get("labels"), path + ".labels");
      String name = labels.get("alertname");
      if (name == null || name.isEmpty()) {
        throw new Malformed(path + ".labels.alertname: is required");
      }
      JsonNode annotations = a.get("annotations");
      if (annotations != null && !annotations.isNull() && !annotations.isObject()) {
        throw new Malformed(path + ".annotations: must be an object");
      }
      boolean firingNow = status.equals("firing");
      Instant startsAt = time(a, path, "startsAt");
      Instant at = firingNow ? startsAt : time(a, path, "endsAt");
      String project = labels.getOrDefault("project", defaultProject.orElse(null));
      if (project == null || project.isEmpty()) {
        throw new Malformed(path + ".labels.project: is required (no default project is set)");
      }
      JsonNode fingerprint = a.get("fingerprint");
      fingerprints.add(
          fingerprint != null && fingerprint.isTextual()
              ? fingerprint.asText()
              : new java.util.TreeMap<>(labels).toString());
      alerts.add(new RuntimeSignal.Alert(project, name, at, firingNow, labels));
    }
    for (int i = 0; i < alerts.size(); i++) {
      RuntimeSignal.Alert alert = alerts.get(i);
      Set<String> set =
          firing.computeIfAbsent(
              new Key(alert.project(), alert.alertName()), k -> ConcurrentHashMap.newKeySet());
      if (alert.firing()) {
        if (set.size() < MAX_FIRING_PER_NAME) {
          set.add(fingerprints.get(i));
        }
      } else {
        set.remove(fingerprints.get(i));
      }
      sink.accept(alert);
    }
    return alerts;
  }

  private static String text(JsonNode parent, String path, String field) throws Malformed {
    JsonNode value = parent.get(field);
    if (value == null || !value.isTextual()) {
      throw new Malformed(
          path + "." + field + ": must be a string, was " + ConfigNode.shown(value));
    }
    return value.asText();
  }

  private static Instant time(JsonNode parent, String path, String field) throws Malformed {
    String text = text(parent, path, field);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new Malformed(path + "." + field + ": must be an RFC 3339 time, was \"" + text + "\"");
    }
  }

  private static Map<String, String> labels(JsonNode node, String path) throws Malformed {
    if (node == null || !node.isObject()) {
      throw new Malformed(path + ": must be an object, was " + ConfigNode.shown(node));
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new Malformed(path + "." + e.getKey() + ": must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }
}

package dev.kintsugi.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.action.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The few calls of Kintsugi's REST API that chaos experiments and local rollouts make, with the
 * admin token (never shown): project ids by name, agent faults ({@code PUT/DELETE
 * /api/v1/projects/{id}/faults/{method}}), runbook runs ({@code GET /api/v1/runtime/runs?project=})
 * and canary analyses ({@code POST /api/v1/canary/analysis}).
 */
public final class KintsugiClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** An answer's text in an error is cut to this (it is the server's, untrusted). */
  private static final int SHOWN = 300;

  private final String base;
  private final String token;
  private final Map<String, Long> projects = new ConcurrentHashMap<>();

  public KintsugiClient(URI base, String token) {
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.token = token;
  }

  /** The id of the first registered project of that name. */
  public long projectId(String name) throws IOException, InterruptedException {
    Long known = projects.get(name);
    if (known != null) {
      return known;
    }
    long found = -1;
    for (JsonNode p : send("GET", "/api/v1/projects", null)) {
      if (name.equals(p.path("name").asText()) && (found < 0 || p.path("id").asLong() < found)) {
        found = p.path("id").asLong();
      }
    }
    if (found < 0) {
      throw new IOException("the Kintsugi server has no project named \"" + name + "\"");
    }
    projects.put(name, found);
    return found;
  }

  /** Switches a fault on in the project's agents. */
  public JsonNode putFault(String project, String method, JsonNode fault)
      throws IOException, InterruptedException {
    return send("PUT", faultPath(project, method), fault.toString());
  }

  /** Switches it off; false when there was none. */
  public boolean deleteFault(String project, String method)
      throws IOException, InterruptedException {
    try {
      send("DELETE", faultPath(project, method), null);
      return true;
    } catch (NotFound e) {
      return false;
    }
  }

  /** The project's newest runbook runs (at most 500), newest first. */
  public JsonNode runs(String project) throws IOException, InterruptedException {
    return send(
        "GET",
        "/api/v1/runtime/runs?limit=500&project="
            + URLEncoder.encode(project, StandardCharsets.UTF_8),
        null);
  }

  /** A canary analysis ({@code request} as {@code POST /api/v1/canary/analysis} reads it). */
  public JsonNode analyseCanary(JsonNode request) throws IOException, InterruptedException {
    return send("POST", "/api/v1/canary/analysis", request.toString());
  }

  private String faultPath(String project, String method) throws IOException, InterruptedException {
    return "/api/v1/projects/"
        + projectId(project)
        + "/faults/"
        + URLEncoder.encode(method, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() == 404) {
      throw new NotFound(method + " " + path + " answered 404: " + shown(r.body()));
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException(
          method + " " + path + " answered " + r.statusCode() + ": " + shown(r.body()));
    }
    return r.body().isBlank()
        ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
        : JSON.readTree(r.body());
  }

  private static String shown(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() > SHOWN ? oneLine.substring(0, SHOWN) + "…" : oneLine;
  }

  @Override
  public String toString() {
    return "KintsugiClient[" + base + "]";
  }

  /** A 404. */
  static final class NotFound extends IOException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }
}

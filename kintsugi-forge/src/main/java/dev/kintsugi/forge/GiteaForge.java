package dev.kintsugi.forge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Gitea and Forgejo through their v1 REST API, by hand: neither has a well-kept Java client (the
 * few on Central are unmaintained or generated for one old version), and the six calls Kintsugi
 * needs are plain JSON over HTTP. The token goes in {@code Authorization: token <token>}, which
 * both accept in every version.
 */
final class GiteaForge implements Forge {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

  /** Gitea wants a color for a new label; Kintsugi's labels are all the same gold. */
  private static final String LABEL_COLOR = "#d4a72c";

  private static final int LABEL_PAGE = 50;

  private final ForgeTarget target;
  private final Failures failures;
  private final String token;
  private final HttpClient http = Http.newClient();
  private final String repoPath;

  GiteaForge(ForgeTarget target, String token) {
    this.target = target;
    this.token = token;
    this.failures = new Failures(target, token);
    this.repoPath = "/repos/" + target.repository();
  }

  @Override
  public ForgeTarget target() {
    return target;
  }

  @Override
  public PullRequest open(PullRequestDraft draft) throws ForgeException {
    String action = "opening a pull request from " + draft.head() + " into " + draft.base();
    ArrayNode labelIds = JSON.createArrayNode();
    labelIds(draft.labels()).forEach(labelIds::add);
    ObjectNode body = JSON.createObjectNode();
    body.put("head", draft.head());
    body.put("base", draft.base());
    body.put("title", draft.title());
    body.put("body", draft.body());
    // Labels by id in the create call itself: one request, so no request is left unlabelled.
    body.set("labels", labelIds);
    JsonNode created = send(action, "POST", repoPath + "/pulls", body);
    return pullRequest(action, created);
  }

  @Override
  public java.util.Optional<PullRequest> openFor(String head) throws ForgeException {
    String action = "looking for an open pull request from " + head;
    // Gitea's list has no head filter: the open requests, newest first, a page of 50 (a fix's
    // request is recent); the head is matched here.
    JsonNode open = send(action, "GET", repoPath + "/pulls?state=open&sort=newest&limit=50", null);
    for (JsonNode pr : open) {
      if (head.equals(pr.path("head").path("ref").asText(""))
          && target
              .repository()
              .equalsIgnoreCase(
                  pr.path("head").path("repo").path("full_name").asText(target.repository()))) {
        return java.util.Optional.of(pullRequest(action, pr));
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public PullRequestState state(PullRequest pr) throws ForgeException {
    String action = "reading the state of " + target.kind().describe(pr.number());
    JsonNode current = send(action, "GET", repoPath + "/pulls/" + pr.number(), null);
    if (current.path("merged").asBoolean(false)) {
      return PullRequestState.MERGED;
    }
    return "closed".equals(current.path("state").asText())
        ? PullRequestState.CLOSED
        : PullRequestState.OPEN;
  }

  @Override
  public Checks checks(PullRequest pr) throws ForgeException {
    String action = "reading the checks of " + target.kind().describe(pr.number());
    String sha = pr.headSha();
    if (sha.isEmpty()) {
      sha =
          send(action, "GET", repoPath + "/pulls/" + pr.number(), null)
              .path("head")
              .path("sha")
              .asText("");
    }
    if (!SHA.matcher(sha).matches()) {
      throw failures.unexpected(action, "a head commit sha");
    }
    JsonNode combined = send(action, "GET", repoPath + "/commits/" + sha + "/status", null);
    CheckTally tally = new CheckTally();
    // The combined status holds the newest status of each context.
    for (JsonNode status : combined.path("statuses")) {
      String state = status.path("status").asText(status.path("state").asText(""));
      switch (state.toLowerCase(Locale.ROOT)) {
        case "success", "skipped" -> tally.passed();
        case "pending", "" -> tally.pending();
        // Gitea blocks a protected merge on "warning" as well.
        default ->
            tally.failed(
                status.path("context").asText("status"),
                state + nonEmpty(", ", status.path("description").asText("")));
      }
    }
    return tally.checks();
  }

  @Override
  public String merge(PullRequest pr, String commitTitle) throws ForgeException {
    String action = "merging " + target.kind().describe(pr.number());
    ObjectNode body = JSON.createObjectNode();
    body.put("Do", "merge");
    body.put("MergeTitleField", commitTitle);
    if (!pr.headSha().isEmpty()) {
      body.put("head_commit_id", pr.headSha());
    }
    send(action, "POST", repoPath + "/pulls/" + pr.number() + "/merge", body);
    // Gitea answers the merge with an empty body: the merge commit is on the request now.
    JsonNode merged = send(action, "GET", repoPath + "/pulls/" + pr.number(), null);
    String sha = merged.path("merge_commit_sha").asText("");
    if (!merged.path("merged").asBoolean(false) || sha.isBlank()) {
      throw failures.unexpected(action, "a merge commit");
    }
    return sha;
  }

  @Override
  public void comment(PullRequest pr, String body) throws ForgeException {
    String action = "commenting on " + target.kind().describe(pr.number());
    ObjectNode comment = JSON.createObjectNode();
    comment.put("body", body);
    send(action, "POST", repoPath + "/issues/" + pr.number() + "/comments", comment);
  }

  @Override
  public void close(PullRequest pr) throws ForgeException {
    String action = "closing " + target.kind().describe(pr.number());
    ObjectNode edit = JSON.createObjectNode();
    edit.put("state", "closed");
    send(action, "PATCH", repoPath + "/pulls/" + pr.number(), edit);
  }

  /** The ids of the named labels, creating the repository labels that do not exist yet. */
  private List<Long> labelIds(List<String> names) throws ForgeException {
    if (names.isEmpty()) {
      return List.of();
    }
    String action = "reading the labels";
    Map<String, Long> known = new HashMap<>();
    for (int page = 1; ; page++) {
      JsonNode labels =
          send(action, "GET", repoPath + "/labels?page=" + page + "&limit=" + LABEL_PAGE, null);
      for (JsonNode label : labels) {
        known.putIfAbsent(label.path("name").asText(), label.path("id").asLong());
      }
      if (labels.size() < LABEL_PAGE || page >= 20) {
        break;
      }
    }
    List<Long> ids = new ArrayList<>();
    for (String name : names) {
      Long id = known.get(name);
      if (id == null) {
        ObjectNode label = JSON.createObjectNode();
        label.put("name", name);
        label.put("color", LABEL_COLOR);
        label.put("description", "Opened by Kintsugi");
        JsonNode created = send("creating the label " + name, "POST", repoPath + "/labels", label);
        if (!created.path("id").canConvertToLong() || created.path("id").asLong() <= 0) {
          throw failures.unexpected("creating the label " + name, "the label's id");
        }
        id = created.path("id").asLong();
      }
      ids.add(id);
    }
    return ids;
  }

  private PullRequest pullRequest(String action, JsonNode pr) throws ForgeException {
    int number = pr.path("number").asInt(0);
    String url = pr.path("html_url").asText("");
    if (number <= 0 || url.isEmpty()) {
      throw failures.unexpected(action, "the pull request's number and html_url");
    }
    return new PullRequest(
        url,
        number,
        pr.path("head").path("ref").asText(""),
        pr.path("base").path("ref").asText(""),
        pr.path("head").path("sha").asText(""));
  }

  /** One API call; a 2xx answer's JSON (an empty object for an empty body), else a refusal. */
  private JsonNode send(String action, String method, String path, JsonNode body)
      throws ForgeException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.apiUrl() + path))
            .timeout(Http.REQUEST_TIMEOUT)
            .header("Authorization", "token " + token)
            .header("Accept", "application/json")
            .header("User-Agent", Http.USER_AGENT);
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
    }
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw failures.unreachable(action, Http.causeOf(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failures.unreachable(action, "interrupted");
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw failures.refused(action, status, Failures.messageOf(response.body()));
    }
    String text = response.body() == null ? "" : response.body().strip();
    if (text.isEmpty()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw failures.unexpected(action, "JSON");
    }
  }

  private static String nonEmpty(String prefix, String text) {
    return text.isBlank() ? "" : prefix + text;
  }
}

package dev.kintsugi.forge;

import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Gitea's (and Forgejo's) REST v1 for one repository, {@code acme/shop}: {@code Authorization:
 * token <token>}, labels by id (a label must exist before a pull request can carry it), a 409 for a
 * second pull request between the same branches, an empty 200 for a merge, combined commit status
 * with each status's state under {@code status}.
 */
final class FakeGitea implements AutoCloseable {

  static final String TOKEN = "0123456789abcdef0123456789abcdef01234567";
  static final String REPO = "/api/v1/repos/acme/shop";

  final FakeForge http;
  final List<Map<String, Object>> labels = new CopyOnWriteArrayList<>();
  final Map<Integer, Map<String, Object>> pulls = new ConcurrentHashMap<>();
  final Map<String, Map<String, Object>> statuses = new ConcurrentHashMap<>();
  final List<String> branches = new ArrayList<>(List.of("main", "kintsugi/fix-1a2b3c4d"));

  FakeGitea() throws IOException {
    http = new FakeForge();
    http.gate(
        request ->
            ("token " + TOKEN).equals(request.header("Authorization"))
                ? null
                : Reply.json(
                    401,
                    Map.of(
                        "message",
                        "user does not exist [uid: 0, name: ]",
                        "url",
                        "https://gitea.example.com/api/swagger")));
    labels.add(label(1, "bug"));
    labels.add(label(2, "kintsugi"));
    http.on("GET", REPO + "/labels", this::listLabels);
    http.on("POST", REPO + "/labels", this::createLabel);
    http.on("POST", REPO + "/pulls", this::create);
    http.on(
        "GET",
        REPO + "/pulls",
        request -> {
          String state = FakeGitLab.query(request).getOrDefault("state", "open");
          List<Map<String, Object>> out = new ArrayList<>();
          for (int n : new java.util.TreeSet<>(pulls.keySet())) {
            Map<String, Object> pull = pulls.get(n);
            if ("all".equals(state) || state.equals(pull.get("state"))) {
              out.add(0, pull); // newest first
            }
          }
          return Reply.json(200, out);
        });
    http.on("GET", REPO + "/pulls/(\\d+)", r -> found(pull(r, "/pulls/(\\d+)")));
    http.on("PATCH", REPO + "/pulls/(\\d+)", this::edit);
    http.on("POST", REPO + "/pulls/(\\d+)/merge", this::merge);
    http.on(
        "POST",
        REPO + "/issues/(\\d+)/comments",
        r ->
            Reply.json(
                201, Map.of("id", 11, "body", r.json().path("body").asText(), "html_url", "x")));
    http.on(
        "GET",
        REPO + "/commits/([0-9a-f]+)/status",
        r -> {
          String sha =
              r.group(Pattern.compile(Pattern.quote(REPO) + "/commits/([0-9a-f]+)/status"), 1);
          // Gitea answers a commit without statuses with an empty combined status.
          return Reply.json(
              200,
              statuses.getOrDefault(
                  sha, Map.of("state", "", "sha", "", "total_count", 0, "statuses", List.of())));
        });
  }

  ForgeTarget target() {
    return new ForgeTarget(ForgeKind.GITEA, http.url("/api/v1"), "acme/shop");
  }

  static Map<String, Object> label(long id, String name) {
    return Map.of("id", id, "name", name, "color", "e11d21", "description", "", "exclusive", false);
  }

  private Reply listLabels(Request request) {
    Map<String, String> query = FakeGitLab.query(request);
    int page = Integer.parseInt(query.getOrDefault("page", "1"));
    int limit = Integer.parseInt(query.getOrDefault("limit", "30"));
    int from = Math.min(labels.size(), (page - 1) * limit);
    return Reply.json(200, labels.subList(from, Math.min(labels.size(), from + limit)));
  }

  private Reply createLabel(Request request) {
    var body = request.json();
    if (body.path("color").asText().isEmpty()) {
      return Reply.json(422, Map.of("message", "[Color]: Required", "url", "x"));
    }
    Map<String, Object> label = label(labels.size() + 1, body.path("name").asText());
    labels.add(label);
    return Reply.json(201, label);
  }

  private Map<String, Object> pull(Request request, String suffix) {
    int number = Integer.parseInt(request.group(Pattern.compile(Pattern.quote(REPO) + suffix), 1));
    return pulls.get(number);
  }

  private static Reply found(Map<String, Object> pull) {
    return pull == null
        ? Reply.json(
            404,
            Map.of("errors", List.of(), "message", "The target couldn't be found.", "url", "x"))
        : Reply.json(200, pull);
  }

  private Reply create(Request request) {
    var body = request.json();
    String head = body.path("head").asText();
    String base = body.path("base").asText();
    if (!branches.contains(head) || !branches.contains(base)) {
      return found(null);
    }
    for (Map<String, Object> pull : pulls.values()) {
      if (head.equals(FakeGitHub.ref(pull, "head")) && "open".equals(pull.get("state"))) {
        return Reply.json(
            409,
            Map.of(
                "message",
                "pull request already exists for these targets [id: 1, issue_id: 1, head_repo_id: 1, base_repo_id: 1, head_branch: "
                    + head
                    + ", base_branch: "
                    + base
                    + "]",
                "url",
                "x"));
      }
    }
    List<Map<String, Object>> carried = new ArrayList<>();
    for (var id : body.path("labels")) {
      labels.stream()
          .filter(l -> ((Number) l.get("id")).longValue() == id.asLong())
          .forEach(carried::add);
    }
    int number = pulls.size() + 1;
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("id", 500 + number);
    pull.put("number", number);
    pull.put("title", body.path("title").asText());
    pull.put("body", body.path("body").asText());
    pull.put("labels", carried);
    pull.put("state", "open");
    pull.put("html_url", "https://gitea.example.com/acme/shop/pulls/" + number);
    pull.put("mergeable", true);
    pull.put("merged", false);
    pull.put("merge_commit_sha", null);
    pull.put("head", Map.of("label", head, "ref", head, "sha", FakeGitHub.sha(head)));
    pull.put("base", Map.of("label", base, "ref", base, "sha", FakeGitHub.sha(base)));
    pulls.put(number, pull);
    return Reply.json(201, pull);
  }

  private Reply edit(Request request) {
    Map<String, Object> pull = pull(request, "/pulls/(\\d+)");
    if (pull == null) {
      return found(null);
    }
    if (request.json().has("state")) {
      pull.put("state", request.json().path("state").asText());
    }
    return Reply.json(201, pull);
  }

  private Reply merge(Request request) {
    Map<String, Object> pull = pull(request, "/pulls/(\\d+)/merge");
    if (pull == null) {
      return found(null);
    }
    if (!Boolean.TRUE.equals(pull.get("mergeable")) || !"open".equals(pull.get("state"))) {
      return Reply.json(405, Map.of("message", "The PR is not mergeable", "url", "x"));
    }
    @SuppressWarnings("unchecked")
    String head = (String) ((Map<String, Object>) pull.get("head")).get("sha");
    String expected = request.json().path("head_commit_id").asText("");
    if (!expected.isEmpty() && !expected.equals(head)) {
      return Reply.json(409, Map.of("message", "head out of date", "url", "x"));
    }
    pull.put("merged", true);
    pull.put("state", "closed");
    pull.put("merge_commit_sha", "cafebabe".repeat(5));
    return Reply.empty(200);
  }

  static Map<String, Object> status(String context, String state, String description) {
    return Map.of(
        "id",
        Math.abs(context.hashCode()),
        "status",
        state,
        "context",
        context,
        "description",
        description,
        "target_url",
        "");
  }

  void combined(String sha, String state, List<Map<String, Object>> each) {
    statuses.put(
        sha, Map.of("state", state, "sha", sha, "total_count", each.size(), "statuses", each));
  }

  @Override
  public void close() {
    http.close();
  }
}

package dev.kintsugi.forge;

import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * GitHub's REST v3 for one repository, {@code acme/shop}, as its documentation describes it: the
 * token in {@code Authorization}, JSON bodies, 401 "Bad credentials" for a wrong token, 422
 * "Validation Failed" with {@code errors[]}. Keeps pull requests, labels, check runs and statuses.
 */
final class FakeGitHub implements AutoCloseable {

  static final String TOKEN = "ghp_fakeTokenFor0Tests1234567890abcdef";
  static final String REPO = "acme/shop";

  final FakeForge http;
  final Map<Integer, Map<String, Object>> pulls = new ConcurrentHashMap<>();
  final Map<String, List<Map<String, Object>>> checkRuns = new ConcurrentHashMap<>();
  final Map<String, List<Map<String, Object>>> statuses = new ConcurrentHashMap<>();
  final List<String> branches = new ArrayList<>(List.of("main", "kintsugi/fix-1a2b3c4d"));

  FakeGitHub() throws IOException {
    http = new FakeForge();
    http.gate(
        request ->
            ("Bearer " + TOKEN).equals(request.header("Authorization"))
                    || ("token " + TOKEN).equals(request.header("Authorization"))
                ? null
                : Reply.json(
                    401,
                    Map.of(
                        "message", "Bad credentials",
                        "documentation_url", "https://docs.github.com/rest",
                        "status", "401")));
    http.on("GET", "/repos/acme/shop", request -> Reply.json(200, repository()));
    http.on("POST", "/repos/acme/shop/pulls", this::createPull);
    http.on(
        "GET",
        "/repos/acme/shop/pulls",
        request -> {
          // ?state=open&head=OWNER:BRANCH, as GitHub filters the list.
          Map<String, String> q = FakeGitLab.query(request);
          String head =
              java.net.URLDecoder.decode(
                  q.getOrDefault("head", ""), java.nio.charset.StandardCharsets.UTF_8);
          List<Map<String, Object>> out = new ArrayList<>();
          for (int n : new java.util.TreeSet<>(pulls.keySet())) {
            Map<String, Object> pull = pulls.get(n);
            if ("open".equals(pull.get("state"))
                && (head.isEmpty() || head.equals("acme:" + ref(pull, "head")))) {
              out.add(pull);
            }
          }
          return Reply.json(200, out);
        });
    http.on(
        "GET",
        "/repos/acme/shop/pulls/(\\d+)",
        request -> pull(request, "/repos/acme/shop/pulls/(\\d+)"));
    http.on("PATCH", "/repos/acme/shop/pulls/(\\d+)", this::editPull);
    http.on("PUT", "/repos/acme/shop/pulls/(\\d+)/merge", this::merge);
    http.on("POST", "/repos/acme/shop/issues/(\\d+)/labels", this::addLabels);
    http.on("POST", "/repos/acme/shop/issues/(\\d+)/comments", this::comment);
    http.on(
        "GET",
        "/repos/acme/shop/commits/([0-9a-f]+)/check-runs",
        request -> {
          String sha =
              request.group(Pattern.compile("/repos/acme/shop/commits/([0-9a-f]+)/check-runs"), 1);
          List<Map<String, Object>> runs = checkRuns.getOrDefault(sha, List.of());
          return Reply.json(200, Map.of("total_count", runs.size(), "check_runs", runs));
        });
    http.on(
        "GET",
        "/repos/acme/shop/statuses/([0-9a-f]+)",
        request -> {
          String sha = request.group(Pattern.compile("/repos/acme/shop/statuses/([0-9a-f]+)"), 1);
          return Reply.json(200, statuses.getOrDefault(sha, List.of()));
        });
  }

  ForgeTarget target() {
    return new ForgeTarget(ForgeKind.GITHUB, http.url(""), REPO);
  }

  String api(String path) {
    return http.url(path).toString();
  }

  private Map<String, Object> repository() {
    Map<String, Object> repo = new LinkedHashMap<>();
    repo.put("id", 1296269);
    repo.put("node_id", "MDEwOlJlcG9zaXRvcnkxMjk2MjY5");
    repo.put("name", "shop");
    repo.put("full_name", REPO);
    repo.put("owner", Map.of("login", "acme", "id", 1, "type", "Organization"));
    repo.put("private", false);
    repo.put("html_url", "https://github.com/acme/shop");
    repo.put("url", api("/repos/acme/shop"));
    repo.put("default_branch", "main");
    return repo;
  }

  private Reply createPull(Request request) {
    var body = request.json();
    String head = body.path("head").asText();
    String base = body.path("base").asText();
    if (!branches.contains(base)) {
      return validationFailed(
          Map.of("resource", "PullRequest", "field", "base", "code", "invalid"));
    }
    if (!branches.contains(head)) {
      return validationFailed(
          Map.of("resource", "PullRequest", "field", "head", "code", "invalid"));
    }
    for (Map<String, Object> pull : pulls.values()) {
      if (head.equals(ref(pull, "head")) && "open".equals(pull.get("state"))) {
        return validationFailed(
            Map.of(
                "resource", "PullRequest",
                "code", "custom",
                "message", "A pull request already exists for acme:" + head + "."));
      }
    }
    int number = pulls.size() + 1;
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("url", api("/repos/acme/shop/pulls/" + number));
    pull.put("id", 1000 + number);
    pull.put("number", number);
    pull.put("state", "open");
    pull.put("title", body.path("title").asText());
    pull.put("body", body.path("body").asText());
    pull.put("html_url", "https://github.com/acme/shop/pull/" + number);
    pull.put("issue_url", api("/repos/acme/shop/issues/" + number));
    pull.put("head", Map.of("label", "acme:" + head, "ref", head, "sha", sha(head)));
    pull.put("base", Map.of("label", "acme:" + base, "ref", base, "sha", sha(base)));
    pull.put("labels", new ArrayList<>());
    pull.put("merged", false);
    pull.put("mergeable", true);
    pull.put("mergeable_state", "clean");
    pull.put("merge_commit_sha", null);
    pulls.put(number, pull);
    return Reply.json(201, pull);
  }

  static String sha(String branch) {
    return String.format("%040x", Math.abs((long) branch.hashCode()));
  }

  @SuppressWarnings("unchecked")
  static String ref(Map<String, Object> pull, String side) {
    return (String) ((Map<String, Object>) pull.get(side)).get("ref");
  }

  private Reply pull(Request request, String route) {
    Map<String, Object> pull =
        pulls.get(Integer.parseInt(request.group(Pattern.compile(route), 1)));
    return pull == null ? notFound() : Reply.json(200, pull);
  }

  private Reply editPull(Request request) {
    Map<String, Object> pull =
        pulls.get(
            Integer.parseInt(request.group(Pattern.compile("/repos/acme/shop/pulls/(\\d+)"), 1)));
    if (pull == null) {
      return notFound();
    }
    if (request.json().has("state")) {
      pull.put("state", request.json().path("state").asText());
    }
    return Reply.json(200, pull);
  }

  private Reply merge(Request request) {
    Map<String, Object> pull =
        pulls.get(
            Integer.parseInt(
                request.group(Pattern.compile("/repos/acme/shop/pulls/(\\d+)/merge"), 1)));
    if (pull == null) {
      return notFound();
    }
    if (!Boolean.TRUE.equals(pull.get("mergeable"))) {
      return Reply.json(
          405, Map.of("message", "Pull Request is not mergeable", "documentation_url", "x"));
    }
    @SuppressWarnings("unchecked")
    String headSha = (String) ((Map<String, Object>) pull.get("head")).get("sha");
    String sha = request.json().path("sha").asText(null);
    if (sha != null && !sha.equals(headSha)) {
      return Reply.json(
          409, Map.of("message", "Head branch was modified. Review and try the merge again."));
    }
    String mergeSha = "feedface".repeat(5);
    pull.put("merged", true);
    pull.put("state", "closed");
    pull.put("merge_commit_sha", mergeSha);
    return Reply.json(
        200,
        Map.of("sha", mergeSha, "merged", true, "message", "Pull Request successfully merged"));
  }

  @SuppressWarnings("unchecked")
  private Reply addLabels(Request request) {
    Map<String, Object> pull =
        pulls.get(
            Integer.parseInt(
                request.group(Pattern.compile("/repos/acme/shop/issues/(\\d+)/labels"), 1)));
    if (pull == null) {
      return notFound();
    }
    List<Map<String, Object>> labels = (List<Map<String, Object>>) pull.get("labels");
    request
        .json()
        .path("labels")
        .forEach(
            name ->
                labels.add(
                    Map.of(
                        "id",
                        200 + labels.size(),
                        "name",
                        name.asText(),
                        "color",
                        "ededed",
                        "default",
                        false)));
    return Reply.json(200, labels);
  }

  private Reply comment(Request request) {
    return Reply.json(
        201,
        Map.of(
            "id",
            7,
            "body",
            request.json().path("body").asText(),
            "html_url",
            "https://github.com/acme/shop/pull/1#issuecomment-7"));
  }

  static Reply notFound() {
    return Reply.json(
        404,
        Map.of(
            "message", "Not Found",
            "documentation_url", "https://docs.github.com/rest",
            "status", "404"));
  }

  private static Reply validationFailed(Map<String, Object> error) {
    return Reply.json(
        422,
        Map.of(
            "message", "Validation Failed",
            "errors", List.of(error),
            "documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
            "status", "422"));
  }

  static Map<String, Object> checkRun(String name, String status, String conclusion, String title) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("id", Math.abs(name.hashCode()));
    run.put("name", name);
    run.put("status", status);
    run.put("conclusion", conclusion);
    run.put("output", Map.of("title", title == null ? "" : title, "summary", ""));
    return run;
  }

  static Map<String, Object> status(String context, String state, String description) {
    return Map.of(
        "id",
        Math.abs((context + state).hashCode()),
        "state",
        state,
        "context",
        context,
        "description",
        description);
  }

  @Override
  public void close() {
    http.close();
  }

  URI apiUrl() {
    return http.url("");
  }
}

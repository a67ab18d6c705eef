package dev.kintsugi.heal.testing;

import dev.kintsugi.forge.FakeForge;
import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * GitHub's REST v3 for {@code acme/shop} over a real bare repository: a pull request's branches
 * must exist there, its head is the branch's commit there (so a push moves it, as on GitHub), and a
 * merge checks the head the caller saw. Check runs come from a function of the head commit.
 */
public final class GitHubOverOrigin implements AutoCloseable {

  public static final String TOKEN = "ghp_testTokenForHealDelivery0123456789";
  static final Pattern PULL = Pattern.compile("/repos/acme/shop/pulls/(\\d+)");
  static final Pattern PULL_MERGE = Pattern.compile("/repos/acme/shop/pulls/(\\d+)/merge");
  static final Pattern LABELS = Pattern.compile("/repos/acme/shop/issues/(\\d+)/labels");
  static final Pattern COMMENTS = Pattern.compile("/repos/acme/shop/issues/(\\d+)/comments");
  static final Pattern CHECK_RUNS =
      Pattern.compile("/repos/acme/shop/commits/([0-9a-f]+)/check-runs");

  public final FakeForge http;
  public final Map<Integer, Map<String, Object>> pulls = new ConcurrentHashMap<>();
  public final List<String> comments = new CopyOnWriteArrayList<>();
  private final Path origin;

  /** Conclusion of the checks of a head commit: success, failure, null for none yet. */
  public volatile Function<String, String> checks = sha -> null;

  public GitHubOverOrigin(Path origin) throws IOException {
    this.origin = origin;
    http = new FakeForge();
    http.gate(
        request ->
            ("Bearer " + TOKEN).equals(request.header("Authorization"))
                    || ("token " + TOKEN).equals(request.header("Authorization"))
                ? null
                : Reply.json(401, Map.of("message", "Bad credentials", "status", "401")));
    http.on(
        "GET",
        "/repos/acme/shop",
        request ->
            Reply.json(
                200,
                Map.of(
                    "id", 1,
                    "name", "shop",
                    "full_name", "acme/shop",
                    "owner", Map.of("login", "acme", "id", 1, "type", "Organization"),
                    "html_url", "https://github.example/acme/shop",
                    "url", url("/repos/acme/shop"),
                    "default_branch", "main")));
    http.on("POST", "/repos/acme/shop/pulls", this::create);
    http.on("GET", "/repos/acme/shop/pulls", this::list);
    http.on("GET", PULL.pattern(), request -> pull(number(request, PULL)));
    http.on("PATCH", PULL.pattern(), this::edit);
    http.on("PUT", PULL_MERGE.pattern(), this::merge);
    http.on("POST", LABELS.pattern(), this::label);
    http.on(
        "POST",
        COMMENTS.pattern(),
        request -> {
          comments.add(request.json().path("body").asText());
          return Reply.json(201, Map.of("id", comments.size(), "body", "ok"));
        });
    http.on(
        "GET",
        CHECK_RUNS.pattern(),
        request -> {
          String sha = request.group(CHECK_RUNS, 1);
          String conclusion = checks.apply(sha);
          List<Map<String, Object>> runs = new ArrayList<>();
          if (conclusion != null) {
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("id", 1);
            run.put("name", "build");
            run.put("head_sha", sha);
            run.put("status", "completed");
            run.put("conclusion", conclusion);
            run.put("output", Map.of("title", "mvn verify: " + conclusion, "summary", ""));
            runs.add(run);
          }
          return Reply.json(200, Map.of("total_count", runs.size(), "check_runs", runs));
        });
    http.on("GET", "/repos/acme/shop/statuses/([0-9a-f]+)", request -> Reply.json(200, List.of()));
  }

  /** The API URL to give as {@code --forge-url}. */
  public URI api() {
    return http.url("");
  }

  /** The commit {@code branch} points at in the origin, or null. */
  public String originHead(String branch) {
    try (Repository repo =
        new FileRepositoryBuilder().setGitDir(origin.toFile()).setMustExist(true).build()) {
      Ref ref = repo.exactRef("refs/heads/" + branch);
      return ref == null ? null : ObjectId.toString(ref.getObjectId());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private String url(String path) {
    return http.url(path).toString();
  }

  private static int number(Request request, Pattern route) {
    return Integer.parseInt(request.group(route, 1));
  }

  /** The open requests, filtered by {@code head=acme:BRANCH} when asked, as GitHub does. */
  private Reply list(Request request) {
    String query = request.query() == null ? "" : request.query();
    String head = null;
    for (String pair : query.split("&")) {
      if (pair.startsWith("head=")) {
        head =
            java.net.URLDecoder.decode(
                pair.substring("head=".length()), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    List<String> out = new ArrayList<>();
    for (int number : new java.util.TreeSet<>(pulls.keySet())) {
      Map<String, Object> pull = pulls.get(number);
      if ("open".equals(pull.get("state"))
          && (head == null || head.equals("acme:" + pull.get("headRef")))) {
        out.add(pull(number).body());
      }
    }
    return Reply.json(200, "[" + String.join(",", out) + "]");
  }

  private Reply create(Request request) {
    String head = request.json().path("head").asText();
    String base = request.json().path("base").asText();
    for (String branch : List.of(base, head)) {
      if (originHead(branch) == null) {
        return Reply.json(
            422,
            Map.of(
                "message",
                "Validation Failed",
                "errors",
                List.of(
                    Map.of(
                        "resource", "PullRequest",
                        "field", branch.equals(base) ? "base" : "head",
                        "code", "invalid"))));
      }
    }
    int number = pulls.size() + 1;
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("number", number);
    pull.put("state", "open");
    pull.put("title", request.json().path("title").asText());
    pull.put("body", request.json().path("body").asText());
    pull.put("headRef", head);
    pull.put("baseRef", base);
    pull.put("labels", new ArrayList<Map<String, Object>>());
    pull.put("merged", false);
    pulls.put(number, pull);
    Reply shown = pull(number);
    return new Reply(201, shown.body(), shown.headers());
  }

  /** The pull request as GitHub shows it now: the head is the branch's commit in the origin. */
  private Reply pull(int number) {
    Map<String, Object> pull = pulls.get(number);
    if (pull == null) {
      return Reply.json(404, Map.of("message", "Not Found"));
    }
    String head = (String) pull.get("headRef");
    String base = (String) pull.get("baseRef");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("url", url("/repos/acme/shop/pulls/" + number));
    json.put("id", 1000 + number);
    json.put("number", number);
    json.put("state", pull.get("state"));
    json.put("title", pull.get("title"));
    json.put("body", pull.get("body"));
    json.put("html_url", "https://github.example/acme/shop/pull/" + number);
    json.put("issue_url", url("/repos/acme/shop/issues/" + number));
    json.put("head", Map.of("label", "acme:" + head, "ref", head, "sha", originHead(head)));
    json.put("base", Map.of("label", "acme:" + base, "ref", base, "sha", originHead(base)));
    json.put("labels", pull.get("labels"));
    json.put("merged", pull.get("merged"));
    json.put("mergeable", true);
    json.put("merge_commit_sha", pull.get("mergeCommit"));
    return Reply.json(200, json);
  }

  private Reply edit(Request request) {
    int number = number(request, PULL);
    Map<String, Object> pull = pulls.get(number);
    if (request.json().has("state")) {
      pull.put("state", request.json().path("state").asText());
    }
    return pull(number);
  }

  private Reply merge(Request request) {
    int number = number(request, PULL_MERGE);
    Map<String, Object> pull = pulls.get(number);
    String head = originHead((String) pull.get("headRef"));
    String sha = request.json().path("sha").asText(null);
    if (sha != null && !sha.equals(head)) {
      return Reply.json(409, Map.of("message", "Head branch was modified."));
    }
    pull.put("merged", true);
    pull.put("state", "closed");
    pull.put("mergeCommit", head);
    return Reply.json(200, Map.of("sha", head, "merged", true, "message", "merged"));
  }

  @SuppressWarnings("unchecked")
  private Reply label(Request request) {
    List<Map<String, Object>> labels =
        (List<Map<String, Object>>) pulls.get(number(request, LABELS)).get("labels");
    request
        .json()
        .path("labels")
        .forEach(
            name ->
                labels.add(
                    Map.of("id", 200 + labels.size(), "name", name.asText(), "color", "ededed")));
    return Reply.json(200, labels);
  }

  @SuppressWarnings("unchecked")
  public List<String> labels(int number) {
    return ((List<Map<String, Object>>) pulls.get(number).get("labels"))
        .stream().map(l -> (String) l.get("name")).toList();
  }

  @Override
  public void close() {
    http.close();
  }
}

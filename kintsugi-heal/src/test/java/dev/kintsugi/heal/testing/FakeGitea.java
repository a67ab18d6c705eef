package dev.kintsugi.heal.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A Gitea (v1 REST API) for one repository, over a real bare git repository, on the JDK's HTTP
 * server: the calls Kintsugi's {@code GiteaForge} makes, in Gitea's request and response shapes
 * (labels listed and created by id, pull requests opened with label ids, read, merged with {@code
 * Do: merge}, commented, closed; the combined commit status). A merge really merges: a merge commit
 * of the request's head into its base is made in the bare repository and the base branch moves to
 * it, as Gitea does. Requests without {@code Authorization: token <token>} get 401.
 */
public final class FakeGitea implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A pull request as opened. */
  public record Pull(
      int number,
      String head,
      String base,
      String title,
      String body,
      List<String> labels,
      String headSha,
      boolean merged,
      String mergeCommit,
      boolean closed) {

    Pull mergedAs(String commit) {
      return new Pull(number, head, base, title, body, labels, headSha, true, commit, false);
    }

    Pull closedUnmerged() {
      return new Pull(number, head, base, title, body, labels, headSha, false, null, true);
    }
  }

  /** A request as received: method, path and query, body. */
  public record Request(String method, String path, String body, String authorization) {}

  private final HttpServer server;
  private final Path bare;
  private final String owner;
  private final String name;
  private final String token;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Pull> pulls = new CopyOnWriteArrayList<>();
  private final Map<String, Long> labels = new ConcurrentHashMap<>();
  private volatile String checkState = "success";

  /**
   * @param bare the bare repository pull requests are between branches of (Kintsugi's {@code
   *     origin})
   * @param repository {@code OWNER/NAME}
   */
  public FakeGitea(Path bare, String repository, String token) throws IOException {
    this.bare = bare;
    this.owner = repository.substring(0, repository.indexOf('/'));
    this.name = repository.substring(repository.indexOf('/') + 1);
    this.token = token;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The API root to configure: {@code http://127.0.0.1:PORT/api/v1}. */
  public URI apiUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
  }

  public List<Pull> pulls() {
    return List.copyOf(pulls);
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** What the commit status of every commit says: {@code success}, {@code pending}, ... */
  public void checks(String state) {
    this.checkState = state;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    URI uri = exchange.getRequestURI();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String path = uri.getRawPath();
    requests.add(
        new Request(
            method, path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), body, auth));
    try {
      if (!("token " + token).equals(auth)) {
        reply(exchange, 401, "{\"message\":\"token is required\"}");
        return;
      }
      String repo = "/api/v1/repos/" + owner + "/" + name;
      if (!path.startsWith(repo + "/")) {
        reply(exchange, 404, "{\"message\":\"The target couldn't be found.\"}");
        return;
      }
      String rest = path.substring(repo.length());
      Matcher pull = Pattern.compile("/pulls/(\\d+)(/merge)?").matcher(rest);
      Matcher status = Pattern.compile("/commits/([0-9a-f]+)/status").matcher(rest);
      Matcher comment = Pattern.compile("/issues/(\\d+)/comments").matcher(rest);
      if (method.equals("GET") && rest.equals("/labels")) {
        ArrayNode out = JSON.createArrayNode();
        labels.forEach((n, id) -> out.addObject().put("id", id).put("name", n));
        reply(exchange, 200, out.toString());
      } else if (method.equals("POST") && rest.equals("/labels")) {
        String label = JSON.readTree(body).path("name").asText();
        long id = labels.computeIfAbsent(label, l -> (long) labels.size() + 1);
        reply(exchange, 201, JSON.createObjectNode().put("id", id).put("name", label).toString());
      } else if (method.equals("GET") && rest.equals("/pulls")) {
        // Gitea lists by state, newest first; its list has no head filter.
        String query = uri.getRawQuery();
        boolean open = query != null && query.contains("state=open");
        ArrayNode out = JSON.createArrayNode();
        for (int i = pulls.size() - 1; i >= 0; i--) {
          Pull p = pulls.get(i);
          if (!open || !(p.merged() || p.closed())) {
            out.add(json(p));
          }
        }
        reply(exchange, 200, out.toString());
      } else if (method.equals("POST") && rest.equals("/pulls")) {
        reply(exchange, 201, open(JSON.readTree(body)).toString());
      } else if (pull.matches() && pull.group(2) == null && method.equals("GET")) {
        Pull p = pull(Integer.parseInt(pull.group(1)));
        reply(exchange, p == null ? 404 : 200, p == null ? "{}" : json(p).toString());
      } else if (pull.matches() && pull.group(2) == null && method.equals("PATCH")) {
        int edited = edit(Integer.parseInt(pull.group(1)), JSON.readTree(body));
        Pull p = pull(Integer.parseInt(pull.group(1)));
        reply(exchange, edited, edited == 201 ? json(p).toString() : "{}");
      } else if (pull.matches() && pull.group(2) != null && method.equals("POST")) {
        int status2 = merge(Integer.parseInt(pull.group(1)), JSON.readTree(body));
        reply(exchange, status2, status2 == 200 ? "" : "{\"message\":\"not mergeable\"}");
      } else if (status.matches() && method.equals("GET")) {
        ObjectNode out = JSON.createObjectNode().put("state", checkState);
        out.putArray("statuses").addObject().put("status", checkState).put("context", "ci");
        reply(exchange, 200, out.toString());
      } else if (comment.matches() && method.equals("POST")) {
        reply(exchange, 201, JSON.createObjectNode().put("id", 1).toString());
      } else {
        reply(exchange, 404, "{\"message\":\"no route\"}");
      }
    } catch (RuntimeException | IOException e) {
      reply(exchange, 500, "{\"message\":\"" + e.getClass().getSimpleName() + "\"}");
    }
  }

  private synchronized ObjectNode open(JsonNode draft) throws IOException {
    String head = draft.path("head").asText();
    String base = draft.path("base").asText();
    List<String> names = new ArrayList<>();
    for (JsonNode id : draft.path("labels")) {
      labels.forEach(
          (n, known) -> {
            if (known == id.asLong()) {
              names.add(n);
            }
          });
    }
    String sha;
    try (Repository repo = open()) {
      ObjectId id = repo.resolve("refs/heads/" + head);
      if (id == null || repo.resolve("refs/heads/" + base) == null) {
        throw new IOException("no branch " + head + " or " + base);
      }
      sha = id.name();
    }
    Pull p =
        new Pull(
            pulls.size() + 1,
            head,
            base,
            draft.path("title").asText(),
            draft.path("body").asText(),
            names,
            sha,
            false,
            null,
            false);
    pulls.add(p);
    return json(p);
  }

  /** Merges, as Gitea does; refused (409) when {@code head_commit_id} is not the head any more. */
  private synchronized int merge(int number, JsonNode request) throws IOException {
    Pull p = pull(number);
    if (p == null || p.merged() || p.closed()) {
      return 405;
    }
    try (Repository repo = open();
        RevWalk walk = new RevWalk(repo)) {
      RevCommit base = walk.parseCommit(repo.resolve("refs/heads/" + p.base()));
      RevCommit head = walk.parseCommit(repo.resolve("refs/heads/" + p.head()));
      String expected = request.path("head_commit_id").asText("");
      if (!expected.isEmpty() && !expected.equals(head.name())) {
        return 409;
      }
      ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(repo, true);
      if (!merger.merge(base, head)) {
        return 405;
      }
      PersonIdent forge =
          new PersonIdent("Gitea", "gitea@localhost", Instant.now(), ZoneOffset.UTC);
      CommitBuilder commit = new CommitBuilder();
      commit.setTreeId(merger.getResultTreeId());
      commit.setParentIds(base, head);
      commit.setAuthor(forge);
      commit.setCommitter(forge);
      commit.setMessage("Merge pull request '" + p.title() + "' (#" + number + ")\n");
      ObjectId merged;
      try (ObjectInserter inserter = repo.newObjectInserter()) {
        merged = inserter.insert(commit);
        inserter.flush();
      }
      RefUpdate update = repo.updateRef("refs/heads/" + p.base());
      update.setExpectedOldObjectId(base);
      update.setNewObjectId(merged);
      if (update.update() != RefUpdate.Result.FAST_FORWARD) {
        return 409;
      }
      pulls.set(pulls.indexOf(p), p.mergedAs(merged.name()));
      return 200;
    }
  }

  /** Gitea's edit: only {@code state: closed} is understood. */
  private synchronized int edit(int number, JsonNode edit) {
    Pull p = pull(number);
    if (p == null) {
      return 404;
    }
    if (!"closed".equals(edit.path("state").asText()) || p.merged()) {
      return 422;
    }
    pulls.set(pulls.indexOf(p), p.closedUnmerged());
    return 201;
  }

  private Pull pull(int number) {
    return pulls.stream().filter(p -> p.number() == number).findFirst().orElse(null);
  }

  private ObjectNode json(Pull p) {
    ObjectNode out = JSON.createObjectNode();
    out.put("number", p.number());
    out.put("html_url", "http://gitea.test/" + owner + "/" + name + "/pulls/" + p.number());
    out.put("state", p.merged() || p.closed() ? "closed" : "open");
    out.put("merged", p.merged());
    out.put("title", p.title());
    if (p.mergeCommit() != null) {
      out.put("merge_commit_sha", p.mergeCommit());
    }
    ObjectNode head = out.putObject("head").put("ref", p.head()).put("sha", p.headSha());
    head.putObject("repo").put("full_name", owner + "/" + name);
    out.putObject("base").put("ref", p.base());
    return out;
  }

  private Repository open() throws IOException {
    return new FileRepositoryBuilder().setGitDir(bare.toFile()).setMustExist(true).build();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

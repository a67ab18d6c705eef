package dev.kintsugi.forge;

import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * GitLab's REST v4 for one project, {@code group/sub/shop}, addressed by its URL-encoded path
 * ({@code group%2Fsub%2Fshop}) as GitLab requires: the token in {@code PRIVATE-TOKEN}, {@code
 * {"message": "401 Unauthorized"}} for a wrong one, merge requests by {@code iid}, a 409 with an
 * array message for a second open request from the same branch.
 */
final class FakeGitLab implements AutoCloseable {

  static final String TOKEN = "glpat-fakeTokenForTests-1234";
  static final String PROJECT = "group/sub/shop";
  static final String ENCODED = "/api/v4/projects/group%2Fsub%2Fshop";

  final FakeForge http;
  final Map<Integer, Map<String, Object>> mergeRequests = new ConcurrentHashMap<>();
  final Map<Long, List<Map<String, Object>>> jobs = new ConcurrentHashMap<>();
  final List<String> branches = new ArrayList<>(List.of("main", "kintsugi/fix-1a2b3c4d"));

  FakeGitLab() throws IOException {
    http = new FakeForge();
    http.gate(
        request ->
            TOKEN.equals(request.header("PRIVATE-TOKEN"))
                ? null
                : Reply.json(401, Map.of("message", "401 Unauthorized")));
    http.on("POST", ENCODED + "/merge_requests", this::create);
    http.on(
        "GET",
        ENCODED + "/merge_requests",
        request -> {
          String state = query(request).getOrDefault("state", "all");
          List<Map<String, Object>> out = new ArrayList<>();
          for (int iid : new java.util.TreeSet<>(mergeRequests.keySet())) {
            Map<String, Object> mr = mergeRequests.get(iid);
            if ("all".equals(state) || state.equals(mr.get("state"))) {
              out.add(mr);
            }
          }
          return Reply.json(200, out);
        });
    http.on("GET", ENCODED + "/merge_requests/(\\d+)", r -> found(mr(r, "/merge_requests/(\\d+)")));
    http.on("PUT", ENCODED + "/merge_requests/(\\d+)", this::update);
    http.on("PUT", ENCODED + "/merge_requests/(\\d+)/merge", this::merge);
    http.on("POST", ENCODED + "/merge_requests/(\\d+)/notes", this::note);
    http.on(
        "GET",
        ENCODED + "/pipelines/(\\d+)/jobs",
        r -> {
          long pipeline =
              Long.parseLong(r.group(Pattern.compile(ENCODED + "/pipelines/(\\d+)/jobs"), 1));
          String scope = query(r).getOrDefault("scope", "");
          return Reply.json(
              200,
              jobs.getOrDefault(pipeline, List.of()).stream()
                  .filter(job -> scope.isEmpty() || scope.equals(job.get("status")))
                  .toList());
        });
  }

  ForgeTarget target() {
    return new ForgeTarget(ForgeKind.GITLAB, http.url("/api/v4"), PROJECT);
  }

  static Map<String, String> query(Request request) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (request.query() != null) {
      for (String pair : request.query().split("&")) {
        String[] kv = pair.split("=", 2);
        fields.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    }
    return fields;
  }

  private Map<String, Object> mr(Request request, String suffix) {
    int iid =
        Integer.parseInt(request.group(Pattern.compile(Pattern.quote(ENCODED) + suffix + ".*"), 1));
    return mergeRequests.get(iid);
  }

  private static Reply found(Map<String, Object> mr) {
    return mr == null ? Reply.json(404, Map.of("message", "404 Not found")) : Reply.json(200, mr);
  }

  private Reply create(Request request) {
    Map<String, String> form = request.form();
    String source = form.get("source_branch");
    String target = form.get("target_branch");
    if (!branches.contains(source) || !branches.contains(target)) {
      return Reply.json(404, Map.of("message", "404 Branch Not Found"));
    }
    for (Map<String, Object> mr : mergeRequests.values()) {
      if (source.equals(mr.get("source_branch")) && "opened".equals(mr.get("state"))) {
        return Reply.json(
            409,
            Map.of(
                "message",
                List.of(
                    "Another open merge request already exists for this source branch: !"
                        + mr.get("iid"))));
      }
    }
    int iid = mergeRequests.size() + 1;
    Map<String, Object> mr = new LinkedHashMap<>();
    mr.put("id", 9000 + iid);
    mr.put("iid", iid);
    mr.put("project_id", 3);
    mr.put("source_project_id", 3);
    mr.put("title", form.get("title"));
    mr.put("description", form.get("description"));
    mr.put("state", "opened");
    mr.put("source_branch", source);
    mr.put("target_branch", target);
    mr.put(
        "labels",
        form.containsKey("labels") ? Arrays.asList(form.get("labels").split(",")) : List.of());
    mr.put("sha", FakeGitHub.sha(source));
    mr.put("merge_commit_sha", null);
    mr.put("squash_commit_sha", null);
    mr.put("web_url", "https://gitlab.example.com/group/sub/shop/-/merge_requests/" + iid);
    mr.put("head_pipeline", null);
    mergeRequests.put(iid, mr);
    return Reply.json(201, mr);
  }

  private Reply update(Request request) {
    Map<String, Object> mr = mr(request, "/merge_requests/(\\d+)");
    if (mr == null) {
      return found(null);
    }
    if ("close".equals(request.form().get("state_event"))) {
      mr.put("state", "closed");
    }
    return Reply.json(200, mr);
  }

  private Reply merge(Request request) {
    Map<String, Object> mr = mr(request, "/merge_requests/(\\d+)/merge");
    if (mr == null) {
      return found(null);
    }
    if (!"opened".equals(mr.get("state"))) {
      return Reply.json(405, Map.of("message", "405 Method Not Allowed"));
    }
    String sha = request.form().get("sha");
    if (sha != null && !sha.equals(mr.get("sha"))) {
      return Reply.json(
          409, Map.of("message", "SHA does not match HEAD of source branch: " + mr.get("sha")));
    }
    mr.put("state", "merged");
    mr.put("merge_commit_sha", "beefcafe".repeat(5));
    return Reply.json(200, mr);
  }

  private Reply note(Request request) {
    return Reply.json(
        201,
        Map.of(
            "id",
            301,
            "body",
            request.form().getOrDefault("body", ""),
            "noteable_type",
            "MergeRequest"));
  }

  void pipeline(int iid, long id, String status) {
    mergeRequests
        .get(iid)
        .put(
            "head_pipeline",
            Map.of(
                "id",
                id,
                "iid",
                12,
                "project_id",
                3,
                "sha",
                mergeRequests.get(iid).get("sha"),
                "ref",
                "x",
                "status",
                status));
  }

  static Map<String, Object> job(
      String name, String stage, String status, String reason, boolean allowFailure) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("id", Math.abs(name.hashCode()));
    job.put("name", name);
    job.put("stage", stage);
    job.put("status", status);
    job.put("failure_reason", reason);
    job.put("allow_failure", allowFailure);
    return job;
  }

  @Override
  public void close() {
    http.close();
  }
}

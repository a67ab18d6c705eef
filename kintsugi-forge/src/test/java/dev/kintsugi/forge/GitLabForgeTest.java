package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GitLabForgeTest {

  static final String HEAD = "kintsugi/fix-1a2b3c4d";
  static final String MRS = FakeGitLab.ENCODED + "/merge_requests";

  FakeGitLab gitlab;
  Forge forge;

  @BeforeEach
  void start() throws Exception {
    gitlab = new FakeGitLab();
    forge = Forges.connect(gitlab.target(), FakeGitLab.TOKEN);
  }

  @AfterEach
  void stop() {
    assertThat(gitlab.http.unanswered()).as("requests GitLab's API would not know").isEmpty();
    gitlab.close();
  }

  PullRequestDraft draft() {
    return new PullRequestDraft(
        HEAD,
        "main",
        "Fix NPE in Cart.total",
        "Kintsugi healed `CartTest#total`.",
        PullRequestDraft.DEFAULT_LABELS);
  }

  @Test
  void the_open_request_of_a_head_branch_is_found_and_a_closed_one_is_not() throws Exception {
    assertThat(forge.openFor("kintsugi/fix-1a2b3c4d")).isEmpty();
    PullRequest pr = forge.open(draft());

    assertThat(forge.openFor("kintsugi/fix-1a2b3c4d")).contains(pr);
    assertThat(forge.openFor("kintsugi/fix-other")).isEmpty();
    forge.close(pr);
    assertThat(forge.openFor("kintsugi/fix-1a2b3c4d")).isEmpty();
  }

  @Nested
  class Open {

    @Test
    void creates_the_merge_request_with_its_labels_in_one_call() throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(pr)
          .isEqualTo(
              new PullRequest(
                  "https://gitlab.example.com/group/sub/shop/-/merge_requests/1",
                  1,
                  HEAD,
                  "main",
                  FakeGitHub.sha(HEAD)));
      assertThat(gitlab.http.requests()).hasSize(1);
      Request create = gitlab.http.requests("POST", MRS).get(0);
      assertThat(create.header("PRIVATE-TOKEN")).isEqualTo(FakeGitLab.TOKEN);
      assertThat(create.form())
          .containsEntry("source_branch", HEAD)
          .containsEntry("target_branch", "main")
          .containsEntry("title", "Fix NPE in Cart.total")
          .containsEntry("description", "Kintsugi healed `CartTest#total`.")
          .containsEntry("labels", "kintsugi,auto-fix");
      assertThat(gitlab.mergeRequests.get(1).get("labels"))
          .isEqualTo(List.of("kintsugi", "auto-fix"));
    }

    @Test
    void a_second_request_from_the_branch_is_a_409_with_gitlabs_words() throws Exception {
      forge.open(draft());

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(409))
          .hasMessageStartingWith(
              "GitLab reported a conflict (409 Conflict) opening a merge request from "
                  + HEAD
                  + " into main on group/sub/shop")
          .hasMessageContaining(
              "GitLab said: \"Another open merge request already exists for this source branch: !1\"");
    }

    @Test
    void a_missing_branch_is_a_404() {
      PullRequestDraft toNowhere = new PullRequestDraft(HEAD, "release/9", "t", "b", List.of());

      assertThatThrownBy(() -> forge.open(toNowhere))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessageStartingWith(
              "GitLab found no such repository, branch or merge request (404 Not Found)")
          .hasMessageContaining("GitLab said: \"404 Branch Not Found\"");
    }
  }

  @Nested
  class StateAndChecks {

    @Test
    void state_follows_the_merge_request() throws Exception {
      PullRequest pr = forge.open(draft());
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.OPEN);

      gitlab.mergeRequests.get(1).put("state", "closed");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);

      gitlab.mergeRequests.get(1).put("state", "merged");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.MERGED);
      assertThat(gitlab.http.requests("GET", MRS + "/1")).hasSize(3);
    }

    @Test
    void no_head_pipeline_is_none() throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.NONE, List.of()));
    }

    @Test
    void a_running_pipeline_is_pending_and_a_passed_one_success() throws Exception {
      PullRequest pr = forge.open(draft());

      gitlab.pipeline(1, 77, "running");
      assertThat(forge.checks(pr).verdict()).isEqualTo(Checks.Verdict.PENDING);

      gitlab.pipeline(1, 77, "success");
      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.SUCCESS, List.of()));
    }

    @Test
    void a_failed_pipeline_names_its_failed_jobs_that_may_not_fail() throws Exception {
      PullRequest pr = forge.open(draft());
      gitlab.pipeline(1, 77, "failed");
      gitlab.jobs.put(
          77L,
          List.of(
              FakeGitLab.job("compile", "build", "success", null, false),
              FakeGitLab.job("unit-tests", "test", "failed", "script_failure", false),
              FakeGitLab.job("lint", "test", "failed", "script_failure", true)));

      Checks checks = forge.checks(pr);

      assertThat(checks.verdict()).isEqualTo(Checks.Verdict.FAILURE);
      assertThat(checks.failures()).containsExactly("unit-tests: script_failure in stage test");
      Request jobs = gitlab.http.requests("GET", FakeGitLab.ENCODED + "/pipelines/77/jobs").get(0);
      assertThat(FakeGitLab.query(jobs)).containsEntry("scope", "failed");
    }

    @Test
    void a_canceled_pipeline_is_a_failure() throws Exception {
      PullRequest pr = forge.open(draft());
      gitlab.pipeline(1, 78, "canceled");

      assertThat(forge.checks(pr))
          .isEqualTo(new Checks(Checks.Verdict.FAILURE, List.of("pipeline 78: canceled")));
    }
  }

  @Nested
  class Merge {

    @Test
    void merges_at_the_opened_head_and_returns_the_merge_commit() throws Exception {
      PullRequest pr = forge.open(draft());

      String sha = forge.merge(pr, "Kintsugi: fix NPE in Cart.total");

      assertThat(sha).isEqualTo("beefcafe".repeat(5));
      Request merge = gitlab.http.requests("PUT", MRS + "/1/merge").get(0);
      assertThat(merge.form())
          .containsEntry("sha", pr.headSha())
          .containsEntry("merge_commit_message", "Kintsugi: fix NPE in Cart.total");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.MERGED);
    }

    @Test
    void a_moved_head_is_refused_with_409() throws Exception {
      PullRequest pr = forge.open(draft());
      PullRequest stale =
          new PullRequest(pr.url(), pr.number(), pr.head(), pr.base(), "0".repeat(40));

      assertThatThrownBy(() -> forge.merge(stale, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(409))
          .hasMessageContaining("merging merge request !1 on group/sub/shop")
          .hasMessageContaining("SHA does not match HEAD of source branch");
    }

    @Test
    void a_closed_request_is_refused_with_405() throws Exception {
      PullRequest pr = forge.open(draft());
      forge.close(pr);

      assertThatThrownBy(() -> forge.merge(pr, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(405))
          .hasMessageContaining(
              "GitLab would not do it (405 Method Not Allowed) merging merge request !1")
          .hasMessageContaining("not mergeable");
    }
  }

  @Nested
  class CommentAndClose {

    @Test
    void notes_and_closes() throws Exception {
      PullRequest pr = forge.open(draft());

      forge.comment(pr, "The fix regressed: reverting.");
      forge.close(pr);

      assertThat(gitlab.http.requests("POST", MRS + "/1/notes").get(0).form())
          .containsEntry("body", "The fix regressed: reverting.");
      assertThat(gitlab.http.requests("PUT", MRS + "/1").get(0).form())
          .containsEntry("state_event", "close");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);
    }
  }

  @Nested
  class Refusals {

    @Test
    void a_wrong_token_is_401_naming_the_variable_and_never_the_token() throws Exception {
      Forge wrong = Forges.connect(gitlab.target(), "glpat-wrongWrongWrong");

      assertThatThrownBy(() -> wrong.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageStartingWith(
              "GitLab refused the token (401 Unauthorized) opening a merge request")
          .hasMessageContaining("check KINTSUGI_FORGE_TOKEN")
          .hasMessageNotContaining("glpat-wrong");
    }

    @Test
    void forbidden_is_403() {
      gitlab.http.on("POST", MRS, r -> Reply.json(403, Map.of("message", "403 Forbidden")));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("GitLab denied the token (403 Forbidden)")
          .hasMessageNotContaining(FakeGitLab.TOKEN);
    }

    @Test
    void a_validation_error_is_422_with_the_fields() {
      gitlab.http.on(
          "POST",
          MRS,
          r -> Reply.json(422, Map.of("message", Map.of("target_branch", List.of("is invalid")))));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(422))
          .hasMessageContaining("GitLab rejected the request (422 Unprocessable Entity)")
          .hasMessageContaining("target_branch")
          .hasMessageContaining("is invalid");
    }

    @Test
    void an_unknown_project_is_404() throws Exception {
      gitlab.http.on(
          "POST",
          "/api/v4/projects/group%2Fgone/merge_requests",
          r -> Reply.json(404, Map.of("message", "404 Project Not Found")));
      Forge elsewhere =
          Forges.connect(
              new ForgeTarget(ForgeKind.GITLAB, gitlab.http.url("/api/v4"), "group/gone"),
              FakeGitLab.TOKEN);

      assertThatThrownBy(() -> elsewhere.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessageContaining("on group/gone")
          .hasMessageContaining("GitLab said: \"404 Project Not Found\"");
    }

    @Test
    void an_unreachable_forge_says_where_it_tried() throws Exception {
      URI closed;
      try (var socket = new java.net.ServerSocket(0)) {
        closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/api/v4");
      }
      Forge nowhere =
          Forges.connect(
              new ForgeTarget(ForgeKind.GITLAB, closed, FakeGitLab.PROJECT), FakeGitLab.TOKEN);

      assertThatThrownBy(() -> nowhere.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isZero())
          .hasMessageStartingWith(
              "could not reach GitLab at " + closed + " opening a merge request");
    }

    @Test
    void an_api_url_without_api_v4_is_refused_at_connect() {
      ForgeTarget hostOnly =
          new ForgeTarget(ForgeKind.GITLAB, URI.create("https://gitlab.example.com"), "g/n");

      assertThatThrownBy(() -> Forges.connect(hostOnly, FakeGitLab.TOKEN))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("a GitLab --forge-url ends with /api/v4");
    }
  }
}

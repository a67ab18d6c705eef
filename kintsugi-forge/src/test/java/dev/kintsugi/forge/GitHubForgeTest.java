package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.forge.FakeForge.Reply;
import dev.kintsugi.forge.FakeForge.Request;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GitHubForgeTest {

  static final String HEAD = "kintsugi/fix-1a2b3c4d";

  FakeGitHub github;
  Forge forge;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub();
    forge = Forges.connect(github.target(), FakeGitHub.TOKEN);
  }

  @AfterEach
  void stop() {
    assertThat(github.http.unanswered()).as("requests GitHub's API would not know").isEmpty();
    github.close();
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
    void creates_the_pull_request_and_labels_it() throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(pr)
          .isEqualTo(
              new PullRequest(
                  "https://github.com/acme/shop/pull/1", 1, HEAD, "main", FakeGitHub.sha(HEAD)));
      Request create = github.http.requests("POST", "/repos/acme/shop/pulls").get(0);
      assertThat(create.header("Authorization")).isEqualTo("Bearer " + FakeGitHub.TOKEN);
      assertThat(create.json().path("title").asText()).isEqualTo("Fix NPE in Cart.total");
      assertThat(create.json().path("head").asText()).isEqualTo(HEAD);
      assertThat(create.json().path("base").asText()).isEqualTo("main");
      assertThat(create.json().path("body").asText())
          .isEqualTo("Kintsugi healed `CartTest#total`.");
      Request label = github.http.requests("POST", "/repos/acme/shop/issues/1/labels").get(0);
      assertThat(label.json().path("labels").toString()).isEqualTo("[\"kintsugi\",\"auto-fix\"]");
      assertThat(label.header("Authorization")).isEqualTo("Bearer " + FakeGitHub.TOKEN);
      assertThat(github.http.unanswered()).isEmpty();
      // No GET /user: an installation token could not answer it.
      assertThat(github.http.requests()).extracting(Request::path).doesNotContain("/user");
    }

    @Test
    void a_pull_request_that_cannot_be_labelled_is_closed_again() {
      github.http.on(
          "POST",
          "/repos/acme/shop/issues/\\d+/labels",
          r ->
              Reply.json(
                  403, Map.of("message", "Resource not accessible by personal access token")));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining(
              "GitHub denied the token (403 Forbidden) labelling pull request #1 on acme/shop")
          .hasMessageContaining("Resource not accessible by personal access token")
          .hasMessageEndingWith("closed pull request #1 again");
      Request close = github.http.requests("PATCH", "/repos/acme/shop/pulls/1").get(0);
      assertThat(close.json().path("state").asText()).isEqualTo("closed");
      assertThat(github.pulls.get(1).get("state")).isEqualTo("closed");
    }

    @Test
    void an_existing_pull_request_is_a_422_naming_it() throws Exception {
      forge.open(draft());

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(422))
          .hasMessageStartingWith(
              "GitHub rejected the request (422 Unprocessable Entity) opening a pull request from "
                  + HEAD
                  + " into main on acme/shop")
          .hasMessageContaining(
              "GitHub said: \"Validation Failed: A pull request already exists for acme:"
                  + HEAD
                  + ".\"");
    }

    @Test
    void a_missing_base_branch_is_a_422_naming_the_field() {
      PullRequestDraft toNowhere = new PullRequestDraft(HEAD, "release/9", "t", "b", List.of());

      assertThatThrownBy(() -> forge.open(toNowhere))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(422))
          .hasMessageContaining("Validation Failed: PullRequest base invalid");
      assertThat(github.http.requests("POST", ".*/labels")).isEmpty();
    }
  }

  @Nested
  class StateAndChecks {

    @Test
    void state_follows_the_pull_request() throws Exception {
      PullRequest pr = forge.open(draft());
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.OPEN);

      github.pulls.get(1).put("state", "closed");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);

      github.pulls.get(1).put("merged", true);
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.MERGED);
      assertThat(github.http.requests("GET", "/repos/acme/shop/pulls/1")).hasSize(3);
    }

    @Test
    void no_check_runs_and_no_statuses_is_none() throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.NONE, List.of()));
      String sha = FakeGitHub.sha(HEAD);
      assertThat(github.http.requests("GET", "/repos/acme/shop/commits/" + sha + "/check-runs"))
          .hasSize(1);
      assertThat(github.http.requests("GET", "/repos/acme/shop/statuses/" + sha)).hasSize(1);
    }

    @Test
    void a_running_check_is_pending() throws Exception {
      PullRequest pr = forge.open(draft());
      github.checkRuns.put(
          pr.headSha(),
          List.of(
              FakeGitHub.checkRun("build", "completed", "success", "ok"),
              FakeGitHub.checkRun("test", "in_progress", null, null)));

      assertThat(forge.checks(pr).verdict()).isEqualTo(Checks.Verdict.PENDING);
    }

    @Test
    void all_green_is_success() throws Exception {
      PullRequest pr = forge.open(draft());
      github.checkRuns.put(
          pr.headSha(),
          List.of(
              FakeGitHub.checkRun("build", "completed", "success", "ok"),
              FakeGitHub.checkRun("docs", "completed", "skipped", null)));
      // Newest first: the old failure of ci/jenkins was superseded.
      github.statuses.put(
          pr.headSha(),
          List.of(
              FakeGitHub.status("ci/jenkins", "success", "Build passed"),
              FakeGitHub.status("ci/jenkins", "failure", "Build failed")));

      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.SUCCESS, List.of()));
    }

    @Test
    void failures_name_the_failed_checks_and_what_they_said() throws Exception {
      PullRequest pr = forge.open(draft());
      github.checkRuns.put(
          pr.headSha(),
          List.of(
              FakeGitHub.checkRun("build", "completed", "success", "ok"),
              FakeGitHub.checkRun("test", "completed", "failure", "3 tests failed\nCartTest#total"),
              FakeGitHub.checkRun("e2e", "in_progress", null, null)));
      github.statuses.put(
          pr.headSha(), List.of(FakeGitHub.status("ci/jenkins", "error", "Build errored")));

      Checks checks = forge.checks(pr);

      assertThat(checks.verdict()).isEqualTo(Checks.Verdict.FAILURE);
      assertThat(checks.failures())
          .containsExactly(
              "test: failure, 3 tests failed CartTest#total", "ci/jenkins: Build errored");
    }
  }

  @Nested
  class Merge {

    @Test
    void merges_at_the_opened_head_and_returns_the_merge_commit() throws Exception {
      PullRequest pr = forge.open(draft());

      String sha = forge.merge(pr, "Kintsugi: fix NPE in Cart.total");

      assertThat(sha).isEqualTo("feedface".repeat(5));
      Request merge = github.http.requests("PUT", "/repos/acme/shop/pulls/1/merge").get(0);
      assertThat(merge.json().path("sha").asText()).isEqualTo(pr.headSha());
      assertThat(merge.json().path("merge_method").asText()).isEqualTo("merge");
      assertThat(merge.json().path("commit_message").asText())
          .isEqualTo("Kintsugi: fix NPE in Cart.total");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.MERGED);
    }

    @Test
    void a_moved_head_is_refused_with_409() throws Exception {
      PullRequest pr = forge.open(draft());
      PullRequest stale =
          new PullRequest(pr.url(), pr.number(), pr.head(), pr.base(), "0".repeat(40));

      assertThatThrownBy(() -> forge.merge(stale, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(409))
          .hasMessageContaining(
              "GitHub reported a conflict (409 Conflict) merging pull request #1 on acme/shop")
          .hasMessageContaining("Head branch was modified");
      assertThat(github.pulls.get(1).get("merged")).isEqualTo(false);
    }

    @Test
    void a_pull_request_that_is_not_mergeable_is_refused_with_405() throws Exception {
      PullRequest pr = forge.open(draft());
      github.pulls.get(1).put("mergeable", false);

      assertThatThrownBy(() -> forge.merge(pr, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(405))
          .hasMessageContaining("not mergeable")
          .hasMessageContaining("GitHub said: \"Pull Request is not mergeable\"");
    }
  }

  @Nested
  class CommentAndClose {

    @Test
    void comments_on_the_conversation_and_closes() throws Exception {
      PullRequest pr = forge.open(draft());

      forge.comment(pr, "The fix regressed: reverting.");
      forge.close(pr);

      Request comment = github.http.requests("POST", "/repos/acme/shop/issues/1/comments").get(0);
      assertThat(comment.json().path("body").asText()).isEqualTo("The fix regressed: reverting.");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);
    }
  }

  @Nested
  class Refusals {

    @Test
    void a_wrong_token_is_401_naming_the_variable_and_never_the_token() throws Exception {
      Forge wrong = Forges.connect(github.target(), "ghp_wrongToken0000000000000000000000");

      assertThatThrownBy(() -> wrong.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageStartingWith(
              "GitHub refused the token (401 Unauthorized) opening a pull request from "
                  + HEAD
                  + " into main on acme/shop: check KINTSUGI_FORGE_TOKEN")
          .hasMessageContaining("Bad credentials")
          .hasMessageNotContaining("ghp_wrongToken");
    }

    @Test
    void forbidden_is_403() {
      github.http.on(
          "POST",
          "/repos/acme/shop/pulls",
          r -> Reply.json(403, Map.of("message", "Must have admin rights to Repository.")));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("GitHub denied the token (403 Forbidden)")
          .hasMessageContaining("Must have admin rights to Repository.")
          .hasMessageNotContaining(FakeGitHub.TOKEN);
    }

    @Test
    void an_unknown_repository_is_404_naming_the_flags() throws Exception {
      github.http.on("GET", "/repos/acme/gone", r -> FakeGitHub.notFound());
      Forge elsewhere =
          Forges.connect(
              new ForgeTarget(ForgeKind.GITHUB, github.apiUrl(), "acme/gone"), FakeGitHub.TOKEN);

      assertThatThrownBy(() -> elsewhere.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessageStartingWith(
              "GitHub found no such repository, branch or pull request (404 Not Found)")
          .hasMessageContaining("on acme/gone")
          .hasMessageContaining("--forge-repo")
          .hasMessageContaining("GitHub said: \"Not Found\"");
    }

    @Test
    void an_echoed_token_is_redacted_and_long_answers_are_cut() {
      github.http.on(
          "POST",
          "/repos/acme/shop/pulls",
          r ->
              Reply.json(
                  422,
                  Map.of("message", "token " + FakeGitHub.TOKEN + " is odd\n" + "x".repeat(500))));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("token [redacted] is odd x")
          .hasMessageNotContaining(FakeGitHub.TOKEN)
          .hasMessageNotContaining("\n")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600));
    }

    @Test
    void an_unreachable_forge_says_where_it_tried() throws Exception {
      java.net.URI closed;
      try (var socket = new java.net.ServerSocket(0)) {
        closed = java.net.URI.create("http://127.0.0.1:" + socket.getLocalPort());
      }
      Forge nowhere =
          Forges.connect(new ForgeTarget(ForgeKind.GITHUB, closed, "acme/shop"), FakeGitHub.TOKEN);

      assertThatThrownBy(() -> nowhere.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isZero())
          .hasMessageStartingWith("could not reach GitHub at " + closed + " opening a pull request")
          .hasMessageContaining("ConnectException");
    }
  }
}

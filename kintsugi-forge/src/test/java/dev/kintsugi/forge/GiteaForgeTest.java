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

class GiteaForgeTest {

  static final String HEAD = "kintsugi/fix-1a2b3c4d";
  static final String REPO = FakeGitea.REPO;

  FakeGitea gitea;
  Forge forge;

  @BeforeEach
  void start() throws Exception {
    gitea = new FakeGitea();
    forge = Forges.connect(gitea.target(), FakeGitea.TOKEN);
  }

  @AfterEach
  void stop() {
    assertThat(gitea.http.unanswered()).as("requests Gitea's API would not know").isEmpty();
    gitea.close();
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
    void creates_the_missing_label_and_opens_the_pull_request_with_both_label_ids()
        throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(pr)
          .isEqualTo(
              new PullRequest(
                  "https://gitea.example.com/acme/shop/pulls/1",
                  1,
                  HEAD,
                  "main",
                  FakeGitHub.sha(HEAD)));
      assertThat(gitea.http.requests())
          .extracting(Request::method, Request::path)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("GET", REPO + "/labels"),
              org.assertj.core.groups.Tuple.tuple("POST", REPO + "/labels"),
              org.assertj.core.groups.Tuple.tuple("POST", REPO + "/pulls"));
      assertThat(gitea.http.requests())
          .allSatisfy(
              r -> assertThat(r.header("Authorization")).isEqualTo("token " + FakeGitea.TOKEN));
      Request label = gitea.http.requests("POST", REPO + "/labels").get(0);
      assertThat(label.json().path("name").asText()).isEqualTo("auto-fix");
      assertThat(label.json().path("color").asText()).matches("#[0-9a-f]{6}");
      Request create = gitea.http.requests("POST", REPO + "/pulls").get(0);
      assertThat(create.json().path("head").asText()).isEqualTo(HEAD);
      assertThat(create.json().path("base").asText()).isEqualTo("main");
      assertThat(create.json().path("title").asText()).isEqualTo("Fix NPE in Cart.total");
      assertThat(create.json().path("body").asText())
          .isEqualTo("Kintsugi healed `CartTest#total`.");
      assertThat(create.json().path("labels").toString()).isEqualTo("[2,3]");
      assertThat(gitea.pulls.get(1).get("labels").toString())
          .contains("name=kintsugi", "name=auto-fix");
    }

    @Test
    void existing_labels_are_reused() throws Exception {
      forge.open(draft());
      forge.close(new PullRequest("u", 1, HEAD, "main", ""));

      forge.open(draft());

      assertThat(gitea.http.requests("POST", REPO + "/labels")).hasSize(1);
      assertThat(gitea.labels).hasSize(3);
    }

    @Test
    void labels_are_read_page_by_page() throws Exception {
      for (int i = 3; i <= 60; i++) {
        gitea.labels.add(FakeGitea.label(i, "area-" + i));
      }
      gitea.labels.add(FakeGitea.label(61, "auto-fix"));

      forge.open(draft());

      assertThat(gitea.http.requests("GET", REPO + "/labels"))
          .extracting(Request::query)
          .containsExactly("page=1&limit=50", "page=2&limit=50");
      assertThat(gitea.http.requests("POST", REPO + "/labels")).isEmpty();
      assertThat(
              gitea.http.requests("POST", REPO + "/pulls").get(0).json().path("labels").toString())
          .isEqualTo("[2,61]");
    }

    @Test
    void a_second_pull_request_between_the_branches_is_a_409() throws Exception {
      forge.open(draft());

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(409))
          .hasMessageStartingWith(
              "Gitea reported a conflict (409 Conflict) opening a pull request from " + HEAD)
          .hasMessageContaining("Gitea said: \"pull request already exists for these targets");
    }
  }

  @Nested
  class StateAndChecks {

    @Test
    void state_follows_the_pull_request() throws Exception {
      PullRequest pr = forge.open(draft());
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.OPEN);

      gitea.pulls.get(1).put("state", "closed");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);

      gitea.pulls.get(1).put("merged", true);
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.MERGED);
    }

    @Test
    void no_statuses_is_none() throws Exception {
      PullRequest pr = forge.open(draft());

      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.NONE, List.of()));
      assertThat(gitea.http.requests("GET", REPO + "/commits/" + pr.headSha() + "/status"))
          .hasSize(1);
    }

    @Test
    void pending_success_and_failure_with_names_and_descriptions() throws Exception {
      PullRequest pr = forge.open(draft());

      gitea.combined(
          pr.headSha(),
          "pending",
          List.of(
              FakeGitea.status("ci/woodpecker", "pending", "running"),
              FakeGitea.status("lint", "success", "")));
      assertThat(forge.checks(pr).verdict()).isEqualTo(Checks.Verdict.PENDING);

      gitea.combined(
          pr.headSha(),
          "success",
          List.of(
              FakeGitea.status("ci/woodpecker", "success", "ok"),
              FakeGitea.status("lint", "success", "")));
      assertThat(forge.checks(pr)).isEqualTo(new Checks(Checks.Verdict.SUCCESS, List.of()));

      gitea.combined(
          pr.headSha(),
          "failure",
          List.of(
              FakeGitea.status("ci/woodpecker", "failure", "tests failed: CartTest#total"),
              FakeGitea.status("lint", "warning", "2 warnings"),
              FakeGitea.status("docs", "success", "")));
      assertThat(forge.checks(pr))
          .isEqualTo(
              new Checks(
                  Checks.Verdict.FAILURE,
                  List.of(
                      "ci/woodpecker: failure, tests failed: CartTest#total",
                      "lint: warning, 2 warnings")));
    }
  }

  @Nested
  class Merge {

    @Test
    void merges_at_the_opened_head_and_reads_the_merge_commit_back() throws Exception {
      PullRequest pr = forge.open(draft());

      String sha = forge.merge(pr, "Kintsugi: fix NPE in Cart.total");

      assertThat(sha).isEqualTo("cafebabe".repeat(5));
      Request merge = gitea.http.requests("POST", REPO + "/pulls/1/merge").get(0);
      assertThat(merge.json().path("Do").asText()).isEqualTo("merge");
      assertThat(merge.json().path("MergeTitleField").asText())
          .isEqualTo("Kintsugi: fix NPE in Cart.total");
      assertThat(merge.json().path("head_commit_id").asText()).isEqualTo(pr.headSha());
      assertThat(gitea.http.requests("GET", REPO + "/pulls/1")).hasSize(1);
    }

    @Test
    void a_moved_head_is_refused_with_409() throws Exception {
      PullRequest pr = forge.open(draft());
      PullRequest stale =
          new PullRequest(pr.url(), pr.number(), pr.head(), pr.base(), "0".repeat(40));

      assertThatThrownBy(() -> forge.merge(stale, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(409))
          .hasMessageContaining("head out of date");
    }

    @Test
    void an_unmergeable_pull_request_is_refused_with_405() throws Exception {
      PullRequest pr = forge.open(draft());
      gitea.pulls.get(1).put("mergeable", false);

      assertThatThrownBy(() -> forge.merge(pr, "t"))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(405))
          .hasMessageContaining(
              "Gitea would not do it (405 Method Not Allowed) merging pull request #1 on acme/shop")
          .hasMessageContaining("The PR is not mergeable");
    }
  }

  @Nested
  class CommentAndClose {

    @Test
    void comments_and_closes() throws Exception {
      PullRequest pr = forge.open(draft());

      forge.comment(pr, "The fix regressed: reverting.");
      forge.close(pr);

      assertThat(
              gitea
                  .http
                  .requests("POST", REPO + "/issues/1/comments")
                  .get(0)
                  .json()
                  .path("body")
                  .asText())
          .isEqualTo("The fix regressed: reverting.");
      assertThat(
              gitea.http.requests("PATCH", REPO + "/pulls/1").get(0).json().path("state").asText())
          .isEqualTo("closed");
      assertThat(forge.state(pr)).isEqualTo(PullRequestState.CLOSED);
    }
  }

  @Nested
  class Refusals {

    @Test
    void a_wrong_token_is_401_naming_the_variable_and_never_the_token() throws Exception {
      Forge wrong = Forges.connect(gitea.target(), "ffffffffffffffffffffffffffffffffffffffff");

      assertThatThrownBy(() -> wrong.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(401))
          .hasMessageStartingWith(
              "Gitea refused the token (401 Unauthorized) reading the labels on acme/shop")
          .hasMessageContaining("check KINTSUGI_FORGE_TOKEN")
          .hasMessageNotContaining("ffffffffffffffffffff");
    }

    @Test
    void forbidden_is_403() {
      gitea.http.on(
          "POST",
          REPO + "/pulls",
          r ->
              Reply.json(
                  403,
                  Map.of(
                      "message",
                      "user should have a permission to write to the target branch",
                      "url",
                      "x")));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(403))
          .hasMessageContaining("Gitea denied the token (403 Forbidden)")
          .hasMessageContaining("permission to write");
    }

    @Test
    void a_missing_branch_is_404() {
      PullRequestDraft toNowhere = new PullRequestDraft(HEAD, "release/9", "t", "b", List.of());

      assertThatThrownBy(() -> forge.open(toNowhere))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(404))
          .hasMessageContaining("Gitea said: \"The target couldn't be found.\"");
      assertThat(gitea.http.requests("GET", REPO + "/labels")).isEmpty();
    }

    @Test
    void a_422_carries_giteas_words() {
      gitea.http.on(
          "POST",
          REPO + "/pulls",
          r ->
              Reply.json(
                  422,
                  Map.of(
                      "message",
                      "Invalid PullRequest: There are no changes between the head and the base",
                      "url",
                      "x")));

      assertThatThrownBy(() -> forge.open(draft()))
          .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isEqualTo(422))
          .hasMessageContaining("There are no changes between the head and the base");
    }
  }
}

package dev.kintsugi.forge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.forge.ForgeKind;
import dev.kintsugi.forge.ForgeTarget;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchPushTest {

  static final String BRANCH = "kintsugi/fix-1a2b3c4d";
  static final ForgeTarget GITHUB =
      new ForgeTarget(ForgeKind.GITHUB, URI.create("https://api.github.com"), "acme/shop");

  @TempDir Path temp;
  Path work;
  Path remote;
  Git git;
  RevCommit base;
  RevCommit fix;

  @BeforeEach
  void repositories() throws Exception {
    work = temp.resolve("work");
    remote = Repos.bare(temp.resolve("remote.git"));
    git = Repos.init(work);
    base = Repos.commit(git, "base", Map.of("src/Cart.java", "class Cart {}\n"));
    Repos.origin(git, remote.toString());
    git.push().setRemote("origin").add("main").call();
    fix = Repos.commit(git, "fix", Map.of("src/Cart.java", "class Cart { int total; }\n"));
    Repos.branch(git, BRANCH, fix);
    git.reset()
        .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
        .setRef(base.name())
        .call();
  }

  @AfterEach
  void close() {
    git.close();
  }

  @Nested
  class Push {

    @Test
    void pushes_the_branch_to_a_bare_origin_on_disk() throws Exception {
      BranchPush.push(work, BRANCH, Optional.empty(), GITHUB);

      assertThat(Repos.head(remote, BRANCH)).isEqualTo(fix.name());
      assertThat(Repos.head(remote, "main")).isEqualTo(base.name());
      assertThat(Repos.head(work, "main")).isEqualTo(base.name());
    }

    @Test
    void pushing_again_is_fine() throws Exception {
      BranchPush.push(work, BRANCH, Optional.empty(), GITHUB);
      BranchPush.push(work, BRANCH, Optional.empty(), GITHUB);

      assertThat(Repos.head(remote, BRANCH)).isEqualTo(fix.name());
    }

    @Test
    void from_a_bare_repository_too() throws Exception {
      Path mirror = temp.resolve("mirror.git");
      Git.cloneRepository()
          .setBare(true)
          .setURI(work.toUri().toString())
          .setDirectory(mirror.toFile())
          .setBranchesToClone(java.util.List.of("refs/heads/" + BRANCH))
          .call()
          .close();
      try (Git bare = Git.open(mirror.toFile())) {
        Repos.origin(bare, remote.toString());
      }

      BranchPush.push(mirror, BRANCH, Optional.empty(), GITHUB);

      assertThat(Repos.head(remote, BRANCH)).isEqualTo(fix.name());
    }

    @Test
    void a_non_fast_forward_is_rejected_and_never_forced() throws Exception {
      RevCommit other = Repos.commit(git, "someone else's", Map.of("README", "theirs\n"));
      git.push().setRemote("origin").add(other.name() + ":refs/heads/" + BRANCH).call();

      assertThatThrownBy(() -> BranchPush.push(work, BRANCH, Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith(
              "pushing branch " + BRANCH + " to origin (" + remote + ") was rejected: ")
          .hasMessageContaining(
              "refs/heads/"
                  + BRANCH
                  + " on the remote has commits the local branch lacks (non-fast-forward)");
      assertThat(Repos.head(remote, BRANCH)).isEqualTo(other.name());
    }

    @Test
    void a_missing_local_branch_is_named() {
      assertThatThrownBy(() -> BranchPush.push(work, "kintsugi/fix-none", Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessage("no branch kintsugi/fix-none in " + work);
    }

    @Test
    void a_missing_origin_is_named_with_the_way_out() throws Exception {
      var config = git.getRepository().getConfig();
      config.unsetSection("remote", "origin");
      config.save();

      assertThatThrownBy(() -> BranchPush.push(work, BRANCH, Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("has no remote 'origin': add one (git remote add origin URL)");
      assertThatThrownBy(() -> BranchPush.originUrl(work))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("has no remote 'origin'");
    }

    @Test
    void a_remote_that_is_not_there_is_a_clear_error() throws Exception {
      Repos.origin(git, temp.resolve("gone.git").toString());

      assertThatThrownBy(() -> BranchPush.push(work, BRANCH, Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith(
              "pushing branch "
                  + BRANCH
                  + " to origin ("
                  + temp.resolve("gone.git")
                  + ") failed: ");
    }

    @Test
    void option_like_names_are_refused() {
      assertThatThrownBy(
              () -> BranchPush.push(work, "--upload-pack=evil", Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith("not a valid branch name");
      assertThatThrownBy(() -> BranchPush.push(work, "-oops", BRANCH, Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith("not a remote");
    }

    @Test
    void origin_url_reads_the_configured_url() throws Exception {
      assertThat(BranchPush.originUrl(work)).isEqualTo(remote.toString());
    }
  }

  @Nested
  class Hooks {

    Path served;

    @BeforeEach
    void refusingServer() throws Exception {
      served = temp.resolve("served");
      Path repo = Repos.bare(served.resolve("shop.git"));
      Path hook = repo.resolve("hooks/pre-receive");
      Files.createDirectories(hook.getParent());
      Files.writeString(
          hook,
          "#!/bin/sh\necho 'denied by policy: no bot branches' >&2\nexit 1\n",
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void a_pre_receive_hook_refusal_carries_the_remotes_words() throws Exception {
      try (GitDaemon daemon = new GitDaemon(served)) {
        Repos.origin(git, daemon.url("shop.git"));

        assertThatThrownBy(() -> BranchPush.push(work, BRANCH, Optional.empty(), GITHUB))
            .isInstanceOf(ForgeException.class)
            .hasMessageStartingWith(
                "pushing branch "
                    + BRANCH
                    + " to origin ("
                    + daemon.url("shop.git")
                    + ") was rejected: the remote refused refs/heads/"
                    + BRANCH)
            .hasMessageContaining("pre-receive hook declined")
            .hasMessageContaining("denied by policy: no bot branches");
      }
      assertThat(Repos.head(served.resolve("shop.git"), BRANCH)).isNull();
    }

    @Test
    void through_the_git_executable_too() throws Exception {
      try (GitDaemon daemon = new GitDaemon(served)) {
        Repos.origin(git, daemon.url("shop.git"));

        assertThatThrownBy(
                () ->
                    BranchPush.transfer(
                        work,
                        "origin",
                        BRANCH,
                        false,
                        Optional.empty(),
                        GITHUB,
                        Optional.of(BranchPush.Transport.GIT_EXECUTABLE)))
            .isInstanceOf(ForgeException.class)
            .hasMessageContaining("was rejected (git exited with 1)")
            .hasMessageContaining("denied by policy: no bot branches")
            .hasMessageContaining("pre-receive hook declined");
      }
    }
  }

  @Nested
  class GitExecutable {

    @Test
    void pushes_and_deletes_like_jgit() throws Exception {
      BranchPush.transfer(
          work,
          "origin",
          BRANCH,
          false,
          Optional.empty(),
          GITHUB,
          Optional.of(BranchPush.Transport.GIT_EXECUTABLE));
      assertThat(Repos.head(remote, BRANCH)).isEqualTo(fix.name());

      BranchPush.transfer(
          work,
          "origin",
          BRANCH,
          true,
          Optional.empty(),
          GITHUB,
          Optional.of(BranchPush.Transport.GIT_EXECUTABLE));
      assertThat(Repos.head(remote, BRANCH)).isNull();

      BranchPush.transfer(
          work,
          "origin",
          BRANCH,
          true,
          Optional.empty(),
          GITHUB,
          Optional.of(BranchPush.Transport.GIT_EXECUTABLE));
    }

    @Test
    void a_moved_remote_branch_is_not_deleted() throws Exception {
      RevCommit other = Repos.commit(git, "someone else's", Map.of("README", "theirs\n"));
      git.push().setRemote("origin").add(other.name() + ":refs/heads/" + BRANCH).call();

      assertThatThrownBy(
              () ->
                  BranchPush.transfer(
                      work,
                      "origin",
                      BRANCH,
                      true,
                      Optional.empty(),
                      GITHUB,
                      Optional.of(BranchPush.Transport.GIT_EXECUTABLE)))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("moved since Kintsugi pushed it");
      assertThat(Repos.head(remote, BRANCH)).isEqualTo(other.name());
    }

    @Test
    void ssh_urls_go_through_it() {
      assertThat(BranchPush.Transport.of("git@github.com:acme/shop.git"))
          .isEqualTo(BranchPush.Transport.GIT_EXECUTABLE);
      assertThat(BranchPush.Transport.of("ssh://git@host:2222/a/b"))
          .isEqualTo(BranchPush.Transport.GIT_EXECUTABLE);
      assertThat(BranchPush.Transport.of("https://github.com/acme/shop.git"))
          .isEqualTo(BranchPush.Transport.JGIT);
      assertThat(BranchPush.Transport.of("/srv/git/shop.git")).isEqualTo(BranchPush.Transport.JGIT);
      assertThat(BranchPush.Transport.of("C:/repos/shop")).isEqualTo(BranchPush.Transport.JGIT);
    }
  }

  @Nested
  class Delete {

    @Test
    void deletes_the_pushed_branch_and_a_missing_one_is_fine() throws Exception {
      BranchPush.push(work, BRANCH, Optional.empty(), GITHUB);

      BranchPush.delete(work, BRANCH, Optional.empty(), GITHUB);
      assertThat(Repos.head(remote, BRANCH)).isNull();
      assertThat(Repos.head(work, BRANCH)).isEqualTo(fix.name());

      BranchPush.delete(work, BRANCH, Optional.empty(), GITHUB);
    }

    @Test
    void a_branch_someone_pushed_to_since_is_left_alone() throws Exception {
      BranchPush.push(work, BRANCH, Optional.empty(), GITHUB);
      RevCommit theirs = Repos.commit(git, "review fix", Map.of("README", "theirs\n"));
      git.push()
          .setRemote("origin")
          .setForce(true)
          .add(theirs.name() + ":refs/heads/" + BRANCH)
          .call();

      assertThatThrownBy(() -> BranchPush.delete(work, BRANCH, Optional.empty(), GITHUB))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith(
              "deleting branch " + BRANCH + " from origin (" + remote + ") was rejected: ")
          .hasMessageContaining("moved since Kintsugi pushed it");
      assertThat(Repos.head(remote, BRANCH)).isEqualTo(theirs.name());
    }
  }

  @Nested
  class Token {

    dev.kintsugi.forge.git.FakeGitHttp http;

    @BeforeEach
    void server() throws Exception {
      http = new FakeGitHttp();
    }

    @AfterEach
    void stop() {
      http.close();
    }

    ForgeTarget on(ForgeKind kind, String host) {
      return new ForgeTarget(
          kind, URI.create("http://" + host + ":" + http.port() + "/api/v4"), "acme/shop");
    }

    @Test
    void goes_to_the_forges_own_host_as_basic_credentials_per_forge() throws Exception {
      Repos.origin(git, "http://127.0.0.1:" + http.port() + "/acme/shop.git");
      for (ForgeKind kind : ForgeKind.values()) {
        String user = BranchPush.username(kind);

        assertThatThrownBy(
                () ->
                    BranchPush.push(
                        work, BRANCH, Optional.of("s3cr3t-token"), on(kind, "127.0.0.1")))
            .isInstanceOf(ForgeException.class)
            .hasMessageNotContaining("s3cr3t-token");
        assertThat(http.authorizations())
            .contains(
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":s3cr3t-token").getBytes(StandardCharsets.UTF_8)));
        http.clear();
      }
      assertThat(BranchPush.username(ForgeKind.GITHUB)).isEqualTo("x-access-token");
      assertThat(BranchPush.username(ForgeKind.GITLAB)).isEqualTo("oauth2");
    }

    @Test
    void never_goes_to_another_host() throws Exception {
      Repos.origin(git, "http://127.0.0.1:" + http.port() + "/acme/shop.git");

      assertThatThrownBy(
              () ->
                  BranchPush.push(
                      work,
                      BRANCH,
                      Optional.of("s3cr3t-token"),
                      on(ForgeKind.GITLAB, "gitlab.example.com")))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("the token is sent only over https to the forge's own host");
      assertThat(http.authorizations()).isEmpty();
    }

    @Test
    void which_urls_may_carry_it() {
      assertThat(
              BranchPush.sendableToken(
                  "https://github.com/acme/shop.git", Optional.of("t"), GITHUB))
          .contains("t");
      assertThat(
              BranchPush.sendableToken(
                  "https://gitlab.com/acme/shop.git", Optional.of("t"), GITHUB))
          .isEmpty();
      assertThat(
              BranchPush.sendableToken("http://github.com/acme/shop.git", Optional.of("t"), GITHUB))
          .isEmpty();
      assertThat(BranchPush.sendableToken("git@github.com:acme/shop.git", Optional.of("t"), GITHUB))
          .isEmpty();
      assertThat(BranchPush.sendableToken("/srv/git/shop.git", Optional.of("t"), GITHUB)).isEmpty();
      assertThat(
              BranchPush.sendableToken(
                  "https://github.com/acme/shop.git", Optional.empty(), GITHUB))
          .isEmpty();
      ForgeTarget gitlab =
          new ForgeTarget(
              ForgeKind.GITLAB, URI.create("https://gitlab.example.com/api/v4"), "g/shop");
      assertThat(
              BranchPush.sendableToken(
                  "https://gitlab.example.com/g/shop.git", Optional.of("t"), gitlab))
          .contains("t");
    }
  }
}

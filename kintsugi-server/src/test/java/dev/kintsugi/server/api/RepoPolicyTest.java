package dev.kintsugi.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepoPolicyTest {

  @TempDir Path tmp;

  private static final RepoPolicy URLS_ONLY = RepoPolicy.of(List.of());

  private static void refused(RepoPolicy policy, String repo, String why) {
    assertThatThrownBy(() -> policy.check(repo))
        .isInstanceOf(ApiError.class)
        .satisfies(e -> assertThat(((ApiError) e).status()).isEqualTo(400))
        .hasMessageStartingWith("repo ")
        .hasMessageContaining(why);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/acme/shop.git",
        "https://git.example.com:8443/team/shop",
        "ssh://git@github.com/acme/shop.git",
        "ssh://github.com:2222/acme/shop",
        "git@github.com:acme/shop.git",
        "deploy@10.0.0.7:/srv/git/shop.git"
      })
  void acceptsGitUrlsAsGiven(String url) {
    assertThat(URLS_ONLY.check(" " + url + " ")).contains(url);
  }

  @Test
  void noRepositoryIsEmpty() {
    assertThat(URLS_ONLY.check("  ")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:///home/alice/secret-repo",
        "git://github.com/acme/shop.git",
        "http://github.com/acme/shop.git",
        "ext::sh",
        "shop",
        "./shop",
        "../other",
        "C:repo",
        "fd::17"
      })
  void refusesOtherTransportsAndRelativePaths(String repo) {
    refused(URLS_ONLY, repo, "must be an absolute path under a repository root");
  }

  @Test
  void refusesOptionLikeValuesAndHosts() {
    refused(URLS_ONLY, "--upload-pack=touch", "must not start with '-'");
    refused(URLS_ONLY, "-oProxyCommand=x@h:p", "must not start with '-'");
    refused(URLS_ONLY, "ssh://-oProxyCommand=touch/x", "host");
    refused(URLS_ONLY, "git@-oProxyCommand:repo", "host that starts with '-'");
  }

  @Test
  void refusesWhitespaceControlCharactersAndLength() {
    refused(URLS_ONLY, "https://h/a b", "whitespace or control characters");
    refused(URLS_ONLY, "https://h/a\u0000b", "whitespace or control characters");
    refused(URLS_ONLY, "https://h/a\nb", "whitespace or control characters");
    refused(URLS_ONLY, "https://h/" + "a".repeat(2000), "too long (2010 characters, at most 2000)");
  }

  @Test
  void refusesCredentialsAndUrlsWithoutARepository() {
    refused(URLS_ONLY, "https://alice:s3cret@github.com/acme/shop.git", "credentials");
    refused(URLS_ONLY, "https://token@github.com/acme/shop.git", "credentials");
    refused(URLS_ONLY, "ssh://git:pw@github.com/acme/shop.git", "credentials");
    refused(URLS_ONLY, "https://github.com/", "repository path");
    refused(URLS_ONLY, "https:///acme/shop", "host");
    refused(URLS_ONLY, "https://github.com/a?b=c", "query");
  }

  @Test
  void refusesLocalPathsWhenNoRootIsConfigured() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("shop"));
    refused(URLS_ONLY, repo.toString(), "--repo-root");
  }

  @Test
  void acceptsADirectoryUnderARootStoredResolved() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("repos"));
    Path shop = Files.createDirectories(root.resolve("shop"));
    RepoPolicy policy = RepoPolicy.of(List.of(root));

    assertThat(policy.check(shop.toString())).contains(shop.toRealPath().toString());
    assertThat(policy.check(root + "/shop/../shop/.")).contains(shop.toRealPath().toString());
  }

  @Test
  void refusesEscapesFromTheRoots() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("repos"));
    Path outside = Files.createDirectories(tmp.resolve("private"));
    Files.createDirectories(root.resolve("shop"));
    Files.createSymbolicLink(root.resolve("link"), outside);
    Files.writeString(root.resolve("file"), "x");
    RepoPolicy policy = RepoPolicy.of(List.of(root));

    refused(policy, root + "/shop/../../private", "not under a repository root");
    refused(policy, root + "/link", "not under a repository root");
    // A sibling sharing the root's name as a prefix is not under it.
    refused(
        policy,
        Files.createDirectories(tmp.resolve("repos-other")).toString(),
        "not under a repository root");
    refused(policy, root + "/missing", "does not exist");
    refused(policy, root + "/file", "not a directory");
    refused(policy, "/etc", "not under a repository root");
  }

  @Test
  void aRootMustExist() {
    assertThatThrownBy(() -> RepoPolicy.of(List.of(tmp.resolve("none"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none");
  }
}

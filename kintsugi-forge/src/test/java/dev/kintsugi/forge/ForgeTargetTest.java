package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForgeTargetTest {

  static ForgeTarget infer(String origin) throws ForgeException {
    return ForgeTarget.infer(origin, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Nested
  class FromOrigin {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "https://github.com/acme/shop.git,              GITHUB, https://api.github.com,              acme/shop",
      "https://github.com/acme/shop,                  GITHUB, https://api.github.com,              acme/shop",
      "https://github.com/acme/shop.git/,             GITHUB, https://api.github.com,              acme/shop",
      "https://x-access-token:secret@github.com/acme/shop.git, GITHUB, https://api.github.com,     acme/shop",
      "git@github.com:acme/shop.git,                  GITHUB, https://api.github.com,              acme/shop",
      "github.com:acme/shop,                          GITHUB, https://api.github.com,              acme/shop",
      "ssh://git@github.com/acme/shop.git,            GITHUB, https://api.github.com,              acme/shop",
      "ssh://git@github.com:22/acme/shop,             GITHUB, https://api.github.com,              acme/shop",
      "git+ssh://git@GitHub.com/acme/my.shop-2_x.git, GITHUB, https://api.github.com,              acme/my.shop-2_x",
      "https://github.example.com/acme/shop.git,      GITHUB, https://github.example.com/api/v3,   acme/shop",
      "git@github.corp.example:acme/shop.git,         GITHUB, https://github.corp.example/api/v3,  acme/shop",
      "https://gitlab.com/group/sub/shop.git,         GITLAB, https://gitlab.com/api/v4,           group/sub/shop",
      "https://gitlab.com/group/shop,                 GITLAB, https://gitlab.com/api/v4,           group/shop",
      "git@gitlab.com:group/sub/deeper/shop.git,      GITLAB, https://gitlab.com/api/v4,           group/sub/deeper/shop",
      "ssh://git@gitlab.example.com:2222/group/shop.git, GITLAB, https://gitlab.example.com/api/v4, group/shop",
      "http://gitlab.internal:8080/group/shop.git,    GITLAB, http://gitlab.internal:8080/api/v4,  group/shop",
      "https://codeberg.org/acme/shop.git,            GITEA,  https://codeberg.org/api/v1,         acme/shop",
      "git@codeberg.org:acme/shop.git,                GITEA,  https://codeberg.org/api/v1,         acme/shop",
      "http://gitea.local:3000/acme/shop.git,         GITEA,  http://gitea.local:3000/api/v1,      acme/shop",
      "https://forgejo.example.org/acme/shop,         GITEA,  https://forgejo.example.org/api/v1,  acme/shop",
      "ssh://git@git.gitea.io:2222/acme/shop.git,     GITEA,  https://git.gitea.io/api/v1,         acme/shop",
    })
    void infers_forge_api_and_repository(String origin, ForgeKind kind, URI api, String repo)
        throws Exception {
      assertThat(infer(origin)).isEqualTo(new ForgeTarget(kind, api, repo));
    }

    @Test
    void an_unknown_host_needs_the_forge_flag() {
      assertThatThrownBy(() -> infer("https://git.example.com/acme/shop.git"))
          .isInstanceOf(ForgeException.class)
          .hasMessage(
              "cannot tell which forge hosts origin's host git.example.com: give --forge github|gitlab|gitea");
    }

    @Test
    void with_the_forge_flag_an_unknown_host_gets_that_forges_api_path() throws Exception {
      ForgeTarget target =
          ForgeTarget.infer(
              "git@git.example.com:acme/shop.git",
              Optional.of(ForgeKind.GITEA),
              Optional.empty(),
              Optional.empty());

      assertThat(target)
          .isEqualTo(
              new ForgeTarget(
                  ForgeKind.GITEA, URI.create("https://git.example.com/api/v1"), "acme/shop"));
    }

    @Test
    void a_github_path_with_three_levels_needs_the_repo_flag() {
      assertThatThrownBy(() -> infer("https://github.com/acme/shop/extra"))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("the repository must be OWNER/NAME")
          .hasMessageEndingWith("give --forge-repo");
    }

    @Test
    void credentials_in_the_origin_never_reach_a_message() {
      assertThatThrownBy(() -> infer("https://bob:hunter2@git.example.com/a/b/c/d"))
          .isInstanceOf(ForgeException.class)
          .hasMessageNotContaining("hunter2");
      assertThatThrownBy(
              () ->
                  ForgeTarget.infer(
                      "https://bob:hunter2@github.com/a/b/c",
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty()))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("https://github.com/a/b/c")
          .hasMessageNotContaining("hunter2");
    }
  }

  @Nested
  class LocalOrigin {

    @ParameterizedTest
    @CsvSource({
      "/srv/git/shop.git",
      "../shop",
      "file:///srv/git/shop.git",
      "C:/repos/shop",
      "shop"
    })
    void a_local_path_needs_all_three_flags(String origin) {
      assertThatThrownBy(() -> infer(origin))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith("origin is a local path (")
          .hasMessageContaining("give --forge, --forge-url, --forge-repo");
    }

    @Test
    void the_message_names_only_the_missing_flags() {
      assertThatThrownBy(
              () ->
                  ForgeTarget.infer(
                      "/srv/git/shop.git",
                      Optional.of(ForgeKind.GITLAB),
                      Optional.empty(),
                      Optional.of("g/shop")))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("give --forge-url (");
    }

    @Test
    void all_three_flags_make_a_target_whatever_origin_is() throws Exception {
      ForgeTarget target =
          ForgeTarget.infer(
              "/srv/git/shop.git",
              Optional.of(ForgeKind.GITLAB),
              Optional.of(URI.create("http://127.0.0.1:8929/api/v4/")),
              Optional.of("group/shop"));

      assertThat(target)
          .isEqualTo(
              new ForgeTarget(
                  ForgeKind.GITLAB, URI.create("http://127.0.0.1:8929/api/v4"), "group/shop"));
    }
  }

  @Nested
  class Overrides {

    @Test
    void each_flag_overrides_what_origin_says() throws Exception {
      ForgeTarget target =
          ForgeTarget.infer(
              "git@github.com:acme/shop.git",
              Optional.empty(),
              Optional.of(URI.create("https://ghe.example.com/api/v3")),
              Optional.of("other/repo"));

      assertThat(target)
          .isEqualTo(
              new ForgeTarget(
                  ForgeKind.GITHUB, URI.create("https://ghe.example.com/api/v3"), "other/repo"));
    }

    @Test
    void a_forge_url_with_credentials_is_refused() {
      assertThatThrownBy(
              () ->
                  ForgeTarget.infer(
                      "git@github.com:acme/shop.git",
                      Optional.empty(),
                      Optional.of(URI.create("https://me:tok@api.github.com")),
                      Optional.empty()))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("--forge-url must not carry credentials")
          .hasMessageNotContaining("tok@");
    }

    @Test
    void a_forge_url_that_is_not_http_is_refused() {
      assertThatThrownBy(
              () ->
                  ForgeTarget.infer(
                      "git@github.com:acme/shop.git",
                      Optional.empty(),
                      Optional.of(URI.create("ftp://api.github.com")),
                      Optional.empty()))
          .isInstanceOf(ForgeException.class)
          .hasMessageStartingWith("--forge-url must be an http(s) URL");
    }

    @ParameterizedTest
    @CsvSource({
      "acme",
      "acme/",
      "/shop",
      "acme/../shop",
      "acme/sh op",
      "acme/shop?x=1",
      "acme/%2e%2e"
    })
    void a_bad_forge_repo_is_refused_naming_the_shape(String repo) {
      assertThatThrownBy(
              () ->
                  ForgeTarget.infer(
                      "git@github.com:acme/shop.git",
                      Optional.empty(),
                      Optional.empty(),
                      Optional.of(repo)))
          .isInstanceOf(ForgeException.class)
          .hasMessageContaining("the repository must be OWNER/NAME");
    }

    @Test
    void gitlab_takes_nested_groups_github_does_not() {
      assertThat(
              new ForgeTarget(ForgeKind.GITLAB, URI.create("https://gitlab.com/api/v4"), "a/b/c")
                  .repository())
          .isEqualTo("a/b/c");
      assertThatThrownBy(
              () ->
                  new ForgeTarget(ForgeKind.GITHUB, URI.create("https://api.github.com"), "a/b/c"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("OWNER/NAME");
    }
  }
}

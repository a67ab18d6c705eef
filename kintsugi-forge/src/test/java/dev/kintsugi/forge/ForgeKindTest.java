package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForgeKindTest {

  @ParameterizedTest
  @CsvSource({
    "github, GITHUB",
    "GitHub, GITHUB",
    "gitlab, GITLAB",
    " gitea , GITEA",
    "forgejo, GITEA",
    "Forgejo, GITEA"
  })
  void parses_the_forge_flag(String value, ForgeKind kind) {
    assertThat(ForgeKind.parse(value)).isEqualTo(kind);
  }

  @ParameterizedTest
  @CsvSource({"bitbucket", "git hub", "''"})
  void anything_else_is_a_clear_error(String value) {
    assertThatThrownBy(() -> ForgeKind.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown forge '" + value + "' (--forge): expected github, gitlab, gitea or forgejo");
  }

  @org.junit.jupiter.api.Test
  void names_requests_as_the_forge_does() {
    assertThat(ForgeKind.GITHUB.describe(3)).isEqualTo("pull request #3");
    assertThat(ForgeKind.GITLAB.describe(3)).isEqualTo("merge request !3");
    assertThat(ForgeKind.GITEA.describe(3)).isEqualTo("pull request #3");
  }
}

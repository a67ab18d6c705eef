package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ForgesTest {

  static final ForgeTarget TARGET =
      new ForgeTarget(ForgeKind.GITHUB, URI.create("https://api.github.com"), "acme/shop");

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "   ", "\n"})
  void a_missing_token_names_the_variable(String token) {
    assertThatThrownBy(() -> Forges.connect(TARGET, token))
        .isInstanceOfSatisfying(ForgeException.class, e -> assertThat(e.status()).isZero())
        .hasMessage(
            "no forge token: set KINTSUGI_FORGE_TOKEN to a GitHub token that may push to and open pull"
                + " requests on acme/shop");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GITHUB", "GITLAB", "GITEA"})
  void connects_without_a_request(ForgeKind kind) throws Exception {
    URI api =
        URI.create(kind == ForgeKind.GITLAB ? "http://127.0.0.1:1/api/v4" : "http://127.0.0.1:1");
    Forge forge = Forges.connect(new ForgeTarget(kind, api, "acme/shop"), "t0ken");

    assertThat(forge.target()).isEqualTo(new ForgeTarget(kind, api, "acme/shop"));
    assertThat(forge.toString()).doesNotContain("t0ken");
  }
}

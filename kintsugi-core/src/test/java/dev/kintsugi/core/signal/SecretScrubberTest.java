package dev.kintsugi.core.signal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretScrubberTest {

  private final SecretScrubber scrubber = SecretScrubber.standard();

  @Test
  void scrubsCommonSecrets() {
    assertThat(scrubber.scrub("password=hunter2 and api_key: \"abc\""))
        .isEqualTo("password=[Filtered] and api_key: \"[Filtered]\"");
    assertThat(scrubber.scrub("ghp_" + "a".repeat(36))).isEqualTo("[Filtered]");
    assertThat(scrubber.scrub("jdbc:postgresql://admin:s3cret@db/x")).doesNotContain("s3cret");
    assertThat(scrubber.scrub("card 4111-1111-1111-1111 id 1234567890123"))
        .isEqualTo("card [Filtered] id 1234567890123");
    assertThat(new SecretScrubber(List.of("my-literal-key")).scrub("k=my-literal-key!"))
        .doesNotContain("my-literal-key");
  }

  @Test
  void leavesCodeThatOnlyNamesSecretsAlone() {
    String code =
        "    String token = next();\n    for (String token : tokens) {\n    if (password == null) {";
    assertThat(scrubber.scrub(code)).isEqualTo(code);
  }
}

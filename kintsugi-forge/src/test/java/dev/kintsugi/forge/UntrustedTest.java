package dev.kintsugi.forge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UntrustedTest {

  @Test
  void one_line_without_control_or_bidi_characters() {
    assertThat(Untrusted.clean("line one\r\nline\ttwo\u0007 \u202Egnp.exe\u0000", 100))
        .isEqualTo("line one line two gnp.exe");
  }

  @Test
  void secrets_and_url_credentials_are_removed() {
    assertThat(
            Untrusted.clean(
                "push to https://x-access-token:ghp_abc@github.com/a/b failed for ghp_abc",
                200,
                "ghp_abc"))
        .isEqualTo("push to https://github.com/a/b failed for [redacted]");
    assertThat(Untrusted.clean("ssh://git:pw@host/x and HTTP://u@h/y", 200))
        .isEqualTo("ssh://host/x and HTTP://h/y");
  }

  @Test
  void long_text_is_cut_with_an_ellipsis() {
    assertThat(Untrusted.clean("a".repeat(300), 200)).hasSize(201).endsWith("a…");
    assertThat(Untrusted.clean("short", 200)).isEqualTo("short");
    assertThat(Untrusted.clean(null, 10)).isEmpty();
  }

  @Test
  void blank_secrets_are_ignored() {
    assertThat(Untrusted.clean("a b", 10, "", null, " ")).isEqualTo("a b");
  }
}

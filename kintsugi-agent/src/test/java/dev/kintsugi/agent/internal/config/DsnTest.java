package dev.kintsugi.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DsnTest {
  @Test
  void parsesKeyProjectAndTheEnvelopeEndpoint() {
    Dsn dsn = Dsn.parse("http://abc123@127.0.0.1:8700/42");
    assertThat(dsn.publicKey()).isEqualTo("abc123");
    assertThat(dsn.projectId()).isEqualTo("42");
    assertThat(dsn.envelopeUri().toString()).isEqualTo("http://127.0.0.1:8700/api/42/envelope/");
  }

  @Test
  void keepsAPathPrefixDropsTheSecretAndAllowsHttpsWithoutPort() {
    Dsn dsn = Dsn.parse(" https://key:secret@errors.example.com/sentry/7/ ");
    assertThat(dsn.publicKey()).isEqualTo("key");
    assertThat(dsn.envelopeUri().toString())
        .isEqualTo("https://errors.example.com/sentry/api/7/envelope/");
    assertThat(dsn.circuitsUri().toString())
        .isEqualTo("https://errors.example.com/sentry/api/7/kintsugi/circuits/");
    assertThat(dsn.sentryAuth("c/1"))
        .isEqualTo("Sentry sentry_version=7, sentry_key=key, sentry_client=c/1");
  }

  @Test
  void masksTheKeyWhenPrinted() {
    assertThat(Dsn.parse("http://abc123@h:1/2").toString())
        .doesNotContain("abc123")
        .isEqualTo("http://***@h:1/2");
  }

  @Test
  void rejectsWhatIsNotADsnWithTheReason() {
    assertThatThrownBy(() -> Dsn.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Dsn.parse("not a url")).hasMessageContaining("not a URL");
    assertThatThrownBy(() -> Dsn.parse("ftp://k@h/1")).hasMessageContaining("http://");
    assertThatThrownBy(() -> Dsn.parse("http://h:1/1")).hasMessageContaining("no key");
    assertThatThrownBy(() -> Dsn.parse("http://k@h:1/")).hasMessageContaining("no project");
  }
}

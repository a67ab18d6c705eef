package dev.kintsugi.agent.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScrubberTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "userPassword",
        "PASSWD",
        "pwd",
        "clientSecret",
        "accessToken",
        "apiKey",
        "api_key",
        "Authorization",
        "credentials",
        "cookie",
        "sessionId",
        "privateKey",
        "private_key"
      })
  void sensitiveKeysMatchCaseInsensitivelyAnywhere(String key) {
    assertThat(Scrubber.sensitiveKey(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"name", "quantity", "apiVersion", "order", "key", "pass"})
  void ordinaryKeysDoNotMatch(String key) {
    assertThat(Scrubber.sensitiveKey(key)).isFalse();
  }

  @Test
  void luhnValidCardNumbersAreReplacedInsideTheText() {
    assertThat(Scrubber.scrubCards("paid with 4111 1111 1111 1111 today"))
        .isEqualTo("paid with [Filtered] today");
    assertThat(Scrubber.scrubCards("4111-1111-1111-1111")).isEqualTo("[Filtered]");
    assertThat(Scrubber.scrubCards("card=5500000000000004;")).isEqualTo("card=[Filtered];");
  }

  @Test
  void digitRunsThatFailLuhnOrHaveTheWrongLengthStay() {
    assertThat(Scrubber.scrubCards("order 4111111111111112")).isEqualTo("order 4111111111111112");
    assertThat(Scrubber.scrubCards("phone 123456789012")).isEqualTo("phone 123456789012");
    assertThat(Scrubber.scrubCards("id 41111111111111111111")).isEqualTo("id 41111111111111111111");
  }
}

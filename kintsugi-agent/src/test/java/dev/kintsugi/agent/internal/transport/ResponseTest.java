package dev.kintsugi.agent.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResponseTest {
  @Test
  void retryAfterIsSecondsWithADefault() {
    assertThat(Response.retryAfter("2")).isEqualTo(2000);
    assertThat(Response.retryAfter(" 0.5 ")).isEqualTo(500);
    assertThat(Response.retryAfter(null)).isEqualTo(Response.DEFAULT_RETRY_AFTER_MILLIS);
    assertThat(Response.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT"))
        .isEqualTo(Response.DEFAULT_RETRY_AFTER_MILLIS);
  }

  @Test
  void sentryRateLimitsApplyWhenTheyNameErrorsDefaultOrAllCategories() {
    assertThat(
            Response.errorRateLimit("60:transaction:key, 2700:default;error;security:organization"))
        .isEqualTo(2_700_000);
    assertThat(Response.errorRateLimit("10::organization")).isEqualTo(10_000);
    assertThat(Response.errorRateLimit("30:transaction;session:key")).isZero();
    assertThat(Response.errorRateLimit("bad:error, 5:error")).isEqualTo(5000);
    assertThat(Response.errorRateLimit(null)).isZero();
  }
}

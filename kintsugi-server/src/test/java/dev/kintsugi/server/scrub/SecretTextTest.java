package dev.kintsugi.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule per nested class, each with what it masks and a near miss it keeps. The examples follow
 * Relay's documented default rules (creditcard, pemkey, usssn, urlauth, bearer) and the providers'
 * documented key formats; tokens are assembled from parts so that secret scanners do not flag this
 * file.
 */
class SecretTextTest {
  private final SecretText text = new SecretText(new SensitiveKeys(List.of()), List.of());

  static final String AWS_ID = "AKIA" + "IOSFODNN7EXAMPLE";
  static final String JWT =
      "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
          + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
          + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
  static final String GITHUB = "ghp" + "_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
  static final String GITHUB_PAT = "github" + "_pat_" + "11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123";
  static final String SLACK = "xox" + "b-" + "123456789012-abcdefghijKLMN";
  static final String GOOGLE = "AIza" + "SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q";
  static final String STRIPE = "sk" + "_live_" + "4eC39HqLyjWDarjtT1zdp7dc";
  static final String PEM =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nq0y2\n-----END RSA PRIVATE KEY-----";

  private String scrub(String s) {
    return text.scrub(s);
  }

  @Test
  void ordinaryTextNeedsNoRegexAtAll() {
    for (String s :
        List.of(
            "NullPointerException in OrderService.checkout",
            "com.acme.shop.Checkout",
            "disk 93% full",
            "user bob, order 17")) {
      char[] c = s.toCharArray();
      assertThat(text.hints(c, 0, c.length)).as(s).isZero();
      assertThat(scrub(s)).isSameAs(s);
    }
  }

  @Nested
  class CreditCard {
    @Test
    void luhnValidNumbersAreMasked() {
      assertThat(scrub("card 4111 1111 1111 1111, amex 378282246310005"))
          .isEqualTo("card [creditcard], amex [creditcard]");
      assertThat(scrub("visa 4111-1111-1111-1111.")).isEqualTo("visa [creditcard].");
    }

    @Test
    void sixteenDigitsFailingLuhnAndLongerRunsStay() {
      assertThat(scrub("order 4111111111111112 ts 1700000000000123456"))
          .isEqualTo("order 4111111111111112 ts 1700000000000123456");
    }
  }

  @Nested
  class PemKey {
    @Test
    void privateKeyBlocksAreMasked() {
      assertThat(scrub("key: " + PEM + " end")).isEqualTo("key: [pemkey] end");
    }

    @Test
    void aBlockCutBeforeItsEndIsMaskedToTheEnd() {
      assertThat(scrub("-----BEGIN PRIVATE KEY-----\nMIIEv")).isEqualTo("[pemkey]");
    }

    @Test
    void publicKeysAndCertificatesStay() {
      String pub = "-----BEGIN PUBLIC KEY-----\nMIIBIj\n-----END PUBLIC KEY-----";
      assertThat(scrub(pub)).isEqualTo(pub);
    }
  }

  @Nested
  class UsSsn {
    @Test
    void ssnsAreMasked() {
      assertThat(scrub("applicant 078-05-1120 rejected")).isEqualTo("applicant [usssn] rejected");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"000-12-3456", "666-12-3456", "123-00-4567", "2024-01-1234", "123-45-67890"})
    void invalidOrLongerNumbersStay(String s) {
      assertThat(scrub("id " + s)).isEqualTo("id " + s);
    }
  }

  @Nested
  class UrlAuth {
    @Test
    void thePasswordOfUrlCredentialsIsFilteredAnywhereInText() {
      assertThat(scrub("cannot connect to postgres://app:s3cr3t@db.internal:5432/shop"))
          .isEqualTo("cannot connect to postgres://app:[Filtered]@db.internal:5432/shop");
      assertThat(scrub("jdbc:mysql://root:hunter2@10.0.0.5/x and https://u:p%40ss@h/"))
          .isEqualTo("jdbc:mysql://root:[Filtered]@10.0.0.5/x and https://u:[Filtered]@h/");
    }

    @Test
    void urlsWithPortsButNoCredentialsStay() {
      String s = "GET http://localhost:8080/path@v2 and mailto:bob@example.com";
      assertThat(scrub(s)).isEqualTo(s);
    }
  }

  @Nested
  class BearerAndBasic {
    @Test
    void credentialsAfterTheSchemeAreFiltered() {
      assertThat(scrub("sent Bearer abc123.DEF-456_ghi to upstream"))
          .isEqualTo("sent Bearer [Filtered] to upstream");
      assertThat(scrub("header basic dXNlcjpwYXNz")).isEqualTo("header basic [Filtered]");
    }

    @Test
    void wordsAfterTheSchemeStay() {
      String s = "the bearer deliverable uses basic authentication";
      assertThat(scrub(s)).isEqualTo(s);
    }
  }

  @Nested
  class Jwt {
    @Test
    void jwtsAreMaskedAlsoAfterBearer() {
      assertThat(scrub("token " + JWT + " expired")).isEqualTo("token [jwt] expired");
      assertThat(scrub("Authorization: Bearer " + JWT)).isEqualTo("Authorization: Bearer [jwt]");
    }

    @Test
    void aLoneBase64HeaderStays() {
      assertThat(scrub("header eyJhbGciOiJIUzI1NiJ9 only"))
          .isEqualTo("header eyJhbGciOiJIUzI1NiJ9 only");
    }
  }

  @Nested
  class CloudKeys {
    @Test
    void awsAccessKeyIdsAreMasked() {
      assertThat(scrub("using " + AWS_ID + " in eu-west-1"))
          .isEqualTo("using [aws-key] in eu-west-1");
      assertThat(scrub("sts " + "ASIA" + "Y34FZKBOKMUTVV7A")).isEqualTo("sts [aws-key]");
    }

    @Test
    void awsLookalikesStay() {
      String s = "AKIAIOSFODNN7EXAMPL (19) and XAKIAIOSFODNN7EXAMPLE and AKIAiosfodnn7example";
      assertThat(scrub(s)).isEqualTo(s);
    }

    @Test
    void githubSlackGoogleAndStripeKeysAreMasked() {
      assertThat(scrub("gh " + GITHUB + " / " + GITHUB_PAT))
          .isEqualTo("gh [github-token] / [github-token]");
      assertThat(scrub("slack " + SLACK)).isEqualTo("slack [slack-token]");
      assertThat(scrub("maps " + GOOGLE + ".")).isEqualTo("maps [google-api-key].");
      assertThat(scrub("stripe " + STRIPE)).isEqualTo("stripe [stripe-key]");
    }

    @Test
    void shortOrPublishableLookalikesStay() {
      String s = "ghp_short xoxb-1 AIzaShort pk_live_4eC39HqLyjWDarjtT1zdp7dc sk_live_x";
      assertThat(scrub(s)).isEqualTo(s);
    }
  }

  @Nested
  class KeyValuePairs {
    @Test
    void valuesOfSensitiveKeysAreFilteredInMessagesUrlsAndQueryStrings() {
      assertThat(scrub("login failed password=hunter2 user=bob"))
          .isEqualTo("login failed password=[Filtered] user=bob");
      assertThat(scrub("GET /login?user=bob&pw=hunter2&next=/home"))
          .isEqualTo("GET /login?user=bob&pw=[Filtered]&next=/home");
      assertThat(scrub("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"))
          .isEqualTo("aws_secret_access_key = [Filtered]");
    }
  }

  @Test
  void extraPatternsApplyAfterTheDefaults() {
    SecretText custom =
        new SecretText(
            new SensitiveKeys(List.of()), List.of(java.util.regex.Pattern.compile("emp-\\d{6}")));
    assertThat(custom.scrub("employee emp-123456 card 4111 1111 1111 1111"))
        .isEqualTo("employee [Filtered] card [creditcard]");
  }
}

package dev.kintsugi.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sentry's default sensitive field names ({@code @password}), and near misses that stay. */
class SensitiveKeysTest {
  private final SensitiveKeys keys = new SensitiveKeys(List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "PASSWORD",
        "secret",
        "passwd",
        "api_key",
        "apikey",
        "X-Api-Key",
        "access_token",
        "auth",
        "Authorization",
        "credentials",
        "mysql_pwd",
        "privatekey",
        "private_key",
        "token",
        "session",
        "sessionId",
        "cookie",
        "Cookie",
        "Set-Cookie",
        "csrf_token",
        "bearer",
        "aws_secret_access_key",
        "aws_access_key",
        "passphrase",
        "keyPassphrase",
        "pin",
        "PIN",
        "user_pin",
        "userPin",
        "pw",
        "db.pw",
        "ssn",
        "customerSSN",
        "card[number]",
        "creditCard",
        "cvv",
        "otp"
      })
  void sensitive(String key) {
    assertThat(keys.isSensitive(key)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "author", "user", "orderId", "shipping", "mapping", "spinner", "pinned", "className",
        "classname", "business", "fingerprint", "in_app", "function", "vars", "arg0", "this",
        "opinion", "powder"
      })
  void notSensitive(String key) {
    assertThat(keys.isSensitive(key)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"employee_no", "EmployeeNo"})
  void extraFragmentsCount(String key) {
    assertThat(new SensitiveKeys(List.of("employeeno")).isSensitive(key)).isTrue();
    assertThat(keys.isSensitive(key)).isFalse();
  }
}

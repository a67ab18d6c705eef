package dev.kintsugi.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyValueSecretsTest {
  private final KeyValueSecrets kv = new KeyValueSecrets(new SensitiveKeys(List.of()));

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "password=hunter2                        | password=[Filtered]",
        "login failed pw=hunter2 for bob         | login failed pw=[Filtered] for bob",
        "?a=1&passwd=x&b=2                       | ?a=1&passwd=[Filtered]&b=2",
        "api_key: abc123, region: eu             | api_key: [Filtered], region: eu",
        "{\"token\": \"t0k3n\", \"user\": \"bob\"} | {\"token\": \"[Filtered]\", \"user\": \"bob\"}",
        "Authorization: Bearer abc123            | Authorization: Bearer [Filtered]",
        "Authorization: Basic dXNlcjpwYXNz       | Authorization: Basic [Filtered]",
        "passphrase='correct horse' ok           | passphrase='[Filtered]' ok",
        "pin=1234 ssn=078-05-1120                | pin=[Filtered] ssn=[Filtered]",
        "client_secret=s1;next=2                 | client_secret=[Filtered];next=2",
      })
  void filtersTheValueAndKeepsTheRest(String in, String out) {
    assertThat(kv.replace(in)).isEqualTo(out);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "user=bob&next=/home",
        "java.lang.IllegalStateException: boom",
        "https://example.com:8443/x",
        "if (token == null) return",
        "password=null",
        "token=[jwt] and password: [Filtered]",
        "shipping=express",
        "at 12:30 the author: bob",
      })
  void leavesOtherPairsAlone(String in) {
    assertThat(kv.replace(in)).isSameAs(in);
  }
}

package dev.kintsugi.server.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ScrubberTest {
  private final ObjectMapper json = new ObjectMapper();
  private final Scrubber scrubber = new Scrubber(ScrubRules.defaults());

  private ObjectNode scrub(String event) throws Exception {
    ObjectNode node = (ObjectNode) json.readTree(event.replace('\'', '"'));
    scrubber.scrub(node);
    return node;
  }

  @Nested
  class SensitiveKeys {
    @Test
    void filtersValuesOfPasswordTokenSecretCookieAndSessionKeysAnywhere() throws Exception {
      ObjectNode e =
          scrub(
              "{'extra': {'password': 'hunter2', 'db': {'api_key': 'k1', 'X-Api-Key': 'k2'}},"
                  + " 'contexts': {'app': {'sessionId': 'abc', 'csrf_token': 't'}},"
                  + " 'request': {'cookies': 'a=b', 'headers': {'Authorization': 'Bearer x',"
                  + " 'Accept': 'text/html'}}}");
      assertThat(e.at("/extra/password").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/extra/db/api_key").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/extra/db/X-Api-Key").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/contexts/app/sessionId").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/contexts/app/csrf_token").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/request/cookies").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/request/headers/Authorization").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/request/headers/Accept").asText()).isEqualTo("text/html");
    }

    @Test
    void filtersHeadersGivenAsPairs() throws Exception {
      ObjectNode e =
          scrub("{'request': {'headers': [['Cookie', 'sid=1'], ['Host', 'example.com']]}}");
      assertThat(e.at("/request/headers/0/1").asText()).isEqualTo("[Filtered]");
      assertThat(e.at("/request/headers/1/1").asText()).isEqualTo("example.com");
    }

    @Test
    void filtersCapturedArgumentsInFrameVars() throws Exception {
      ObjectNode e =
          scrub(
              "{'exception': {'values': [{'type': 'X', 'stacktrace': {'frames': [{'function': 'login',"
                  + " 'vars': {'password': 'p', 'user': 'bob', 'card': '4111 1111 1111 1111'}}]}}]}}");
      String frame = "/exception/values/0/stacktrace/frames/0";
      assertThat(e.at(frame + "/vars/password").asText()).isEqualTo("[Filtered]");
      assertThat(e.at(frame + "/vars/user").asText()).isEqualTo("bob");
      assertThat(e.at(frame + "/vars/card").asText()).isEqualTo("[creditcard]");
      assertThat(e.at(frame + "/function").asText()).isEqualTo("login");
    }

    @Test
    void keepsEventStructure() throws Exception {
      ObjectNode e = scrub("{'release': '1.0', 'environment': 'prod', 'extra': {'author': 'me'}}");
      assertThat(e.at("/release").asText()).isEqualTo("1.0");
      assertThat(e.at("/extra/author").asText()).isEqualTo("me");
    }
  }

  @Nested
  class CardNumbers {
    @Test
    void luhnValidNumbersWithSpacesOrDashesAreFilteredInAnyText() throws Exception {
      ObjectNode e =
          scrub(
              "{'message': 'charge 4111-1111-1111-1111 failed', 'logentry': {'formatted':"
                  + " 'card 5500 0000 0000 0004 and 378282246310005'}}");
      assertThat(e.at("/message").asText()).isEqualTo("charge [creditcard] failed");
      assertThat(e.at("/logentry/formatted").asText())
          .isEqualTo("card [creditcard] and [creditcard]");
    }

    @Test
    void otherDigitRunsAreKept() throws Exception {
      ObjectNode e = scrub("{'message': 'order 4111111111111112 at 1700000000000 id 12345'}");
      assertThat(e.at("/message").asText())
          .isEqualTo("order 4111111111111112 at 1700000000000 id 12345");
    }
  }

  @Test
  void extraPatternsApplyToValues() throws Exception {
    Scrubber custom = new Scrubber(ScrubRules.withValuePatterns(List.of("emp-\\d{6}")));
    ObjectNode e = (ObjectNode) json.readTree("{\"message\": \"employee emp-123456 failed\"}");
    custom.scrub(e);
    assertThat(e.at("/message").asText()).isEqualTo("employee [Filtered] failed");
  }
}

package dev.kintsugi.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.scrub.ScrubRules;
import dev.kintsugi.server.scrub.Scrubber;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormaliserTest {
  private static final EventCaps CAPS = EventCaps.sentry();
  private final ObjectMapper json = new ObjectMapper();
  private final Normaliser normaliser = new Normaliser(new Scrubber(ScrubRules.defaults()), CAPS);

  /** The event as ingest stores it (each top-level field through the normaliser). */
  private JsonNode normalise(String event) throws Exception {
    StringWriter w = new StringWriter();
    try (JsonParser in = json.createParser(event.replace('\'', '"'));
        JsonGenerator out = json.createGenerator(w)) {
      in.nextToken();
      out.writeStartObject();
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        in.nextToken();
        normaliser.copyField(name, in, out, null);
      }
      out.writeEndObject();
    }
    return json.readTree(w.toString());
  }

  private static String nested(String key, int levels, String leaf) {
    return ("{'" + key + "':").repeat(levels) + leaf + "}".repeat(levels);
  }

  private static String list(int n, String item) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? "," : "").append(item.replace("#", Integer.toString(i)));
    }
    return b.append(']').toString();
  }

  @Test
  void freeFormValuesKeepTenLevels() throws Exception {
    JsonNode e = normalise("{'extra': " + nested("a", 12, "'leaf'") + "}");
    // extra is level 1; its 10th level holds a marker where the 11th would open.
    String tenth = "/extra" + "/a".repeat(9);
    assertThat(e.at(tenth).isObject()).isTrue();
    assertThat(e.at(tenth + "/a").asText()).isEqualTo(Normaliser.DEPTH_MARK);
  }

  @Test
  void withinTheCapNothingIsCut() throws Exception {
    JsonNode e = normalise("{'extra': " + nested("a", 9, "'leaf'") + "}");
    assertThat(e.at("/extra" + "/a".repeat(9)).asText()).isEqualTo("leaf");
  }

  @Test
  void anyOtherFieldIsCappedAtTheEventDepth() throws Exception {
    JsonNode e = normalise("{'custom': " + nested("b", 40, "1") + "}");
    String deepest = "/custom" + "/b".repeat(CAPS.maxDepth() - 1);
    assertThat(e.at(deepest).isObject()).isTrue();
    assertThat(e.at(deepest + "/b").asText()).isEqualTo(Normaliser.DEPTH_MARK);
  }

  @Test
  void deepListsAreCappedToo() throws Exception {
    JsonNode e = normalise("{'extra': {'l': " + "[".repeat(30) + "1" + "]".repeat(30) + "}}");
    assertThat(e.at("/extra/l" + "/0".repeat(8)).isArray()).isTrue();
    assertThat(e.at("/extra/l" + "/0".repeat(9)).asText()).isEqualTo(Normaliser.DEPTH_MARK);
  }

  @Test
  void longStringsAreCutWithAnEllipsis() throws Exception {
    JsonNode e =
        normalise(
            "{'message': '"
                + "x".repeat(10_000)
                + "', 'culprit': '"
                + "c".repeat(300)
                + "', 'tags': {'t': '"
                + "v".repeat(300)
                + "'}, 'extra': {'short': 'kept'}}");
    assertThat(e.at("/message").asText()).hasSize(8192).endsWith("x...");
    assertThat(e.at("/culprit").asText()).hasSize(200).endsWith("...");
    assertThat(e.at("/tags/t").asText()).hasSize(200);
    assertThat(e.at("/extra/short").asText()).isEqualTo("kept");
  }

  @Test
  void aMaskLongerThanTheSecretIsNotCutInAShortString() throws Exception {
    assertThat(normalise("{'message': 'pw=x'}").at("/message").asText()).isEqualTo("pw=[Filtered]");
    String longer = "login of bob failed with pw=x";
    assertThat(normalise("{'message': '" + longer + "'}").at("/message").asText())
        .isEqualTo("login of bob failed with pw=[Filtered]");
  }

  @Test
  void aCutDoesNotSplitASurrogatePair() throws Exception {
    String text = "a".repeat(CAPS.charsOf("logger") - 4) + "😀😀😀";
    String cut = normalise("{'logger': '" + text + "'}").at("/logger").asText();
    assertThat(cut).endsWith("a...").hasSize(CAPS.charsOf("logger") - 1);
  }

  @Test
  void aSecretIsScrubbedBeforeTheCutSoNoPartOfItIsLeft() throws Exception {
    String card = "4111 1111 1111 1111";
    String text = "c".repeat(CAPS.charsOf("culprit") - 10) + card;
    assertThat(normalise("{'culprit': '" + text + "'}").at("/culprit").asText())
        .doesNotContain("4111");
  }

  @Test
  void freeFormMapsAndListsKeepTheirFirstHundredItems() throws Exception {
    StringBuilder map = new StringBuilder("{");
    for (int i = 0; i < 150; i++) {
      map.append(i > 0 ? "," : "").append("'k").append(i).append("':").append(i);
    }
    map.append('}');
    JsonNode e = normalise("{'extra': {'m': " + map + ", 'l': " + list(150, "#") + "}}");
    assertThat(e.at("/extra/m").size()).isEqualTo(101);
    assertThat(e.at("/extra/m/k99").asInt()).isEqualTo(99);
    assertThat(e.at("/extra/m/k100").isMissingNode()).isTrue();
    assertThat(e.at("/extra/m").path(Normaliser.TRUNCATED_MARK).asBoolean()).isTrue();
    assertThat(e.at("/extra/l").size()).isEqualTo(101);
    assertThat(e.at("/extra/l/99").asInt()).isEqualTo(99);
    assertThat(e.at("/extra/l/100").asText()).isEqualTo(Normaliser.TRUNCATED_MARK);
  }

  @Test
  void theMostRecentHundredBreadcrumbsAreKeptInBothForms() throws Exception {
    String crumbs = list(130, "{'message':'c#'}");
    JsonNode e = normalise("{'breadcrumbs': {'values': " + crumbs + "}}");
    assertThat(e.at("/breadcrumbs/values").size()).isEqualTo(100);
    assertThat(e.at("/breadcrumbs/values/0/message").asText()).isEqualTo("c30");
    assertThat(e.at("/breadcrumbs/values/99/message").asText()).isEqualTo("c129");
    JsonNode bare = normalise("{'breadcrumbs': " + crumbs + "}");
    assertThat(bare.at("/breadcrumbs").size()).isEqualTo(100);
    assertThat(bare.at("/breadcrumbs/0/message").asText()).isEqualTo("c30");
  }

  @Test
  void longStackTracesKeepTheirOutermostAndInnermostFrames() throws Exception {
    String frames = list(400, "{'function':'f#','vars':{'password':'p#'}}");
    JsonNode e =
        normalise(
            "{'exception': {'values': [{'type': 'E', 'stacktrace': {'frames': " + frames + "}}]}}");
    JsonNode st = e.at("/exception/values/0/stacktrace");
    assertThat(st.path("frames").size()).isEqualTo(250);
    assertThat(st.at("/frames/0/function").asText()).isEqualTo("f0");
    assertThat(st.at("/frames/124/function").asText()).isEqualTo("f124");
    assertThat(st.at("/frames/125/function").asText()).isEqualTo("f275");
    assertThat(st.at("/frames/249/function").asText()).isEqualTo("f399");
    assertThat(st.at("/frames/249/vars/password").asText()).isEqualTo("[Filtered]");
    assertThat(st.path("frames_omitted").toString()).isEqualTo("[125,275]");
  }

  @Test
  void shortStackTracesAreUntouched() throws Exception {
    JsonNode e =
        normalise("{'exception': [{'stacktrace': {'frames': " + list(250, "{'lineno':#}") + "}}]}");
    assertThat(e.at("/exception/0/stacktrace/frames").size()).isEqualTo(250);
    assertThat(e.at("/exception/0/stacktrace/frames_omitted").isMissingNode()).isTrue();
  }

  @Test
  void longKeysAreCut() throws Exception {
    JsonNode e = normalise("{'extra': {'" + "k".repeat(1000) + "': 1}}");
    String key = e.path("extra").fieldNames().next();
    assertThat(key).hasSize(CAPS.maxKeyChars()).endsWith("...");
  }

  @Test
  void sensitivePairsAreFilteredAndOtherPairsKept() throws Exception {
    JsonNode e =
        normalise(
            "{'request': {'query_string': [['user', 'bob'], ['pw', 'x'], ['token', null]],"
                + " 'headers': [['Cookie', 'sid=1'], ['Host', 'h']]}}");
    assertThat(e.at("/request/query_string").toString())
        .isEqualTo("[[\"user\",\"bob\"],[\"pw\",\"[Filtered]\"],[\"token\",null]]");
    assertThat(e.at("/request/headers/0/1").asText()).isEqualTo("[Filtered]");
    assertThat(e.at("/request/headers/1/1").asText()).isEqualTo("h");
  }

  @Test
  void theCapsRejectNonsense() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new EventCaps(1, 10, 100, 8192, 256, 100, 250, Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

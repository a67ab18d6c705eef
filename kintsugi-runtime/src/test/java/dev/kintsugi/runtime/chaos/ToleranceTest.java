package dev.kintsugi.runtime.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.runtime.RuntimeConfigException;
import org.junit.jupiter.api.Test;

/** The tolerances Chaos Toolkit documents, judged as it judges them. */
class ToleranceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Tolerance tolerance(String json) throws Exception {
    return Tolerance.parse(JSON.readTree(json), "t");
  }

  private static boolean accepts(String tolerance, String output) throws Exception {
    return tolerance(tolerance).accepts(JSON.readTree(output));
  }

  private static final String HTTP_200 =
      "{\"status\": 200, \"headers\": {}, \"body\": {\"state\": \"UP\", \"items\": [1, 2]}}";
  private static final String HTTP_503 = "{\"status\": 503, \"headers\": {}, \"body\": \"DOWN\"}";

  @Test
  void aNumberIsComparedWithTheStatusOfAnHttpOrProcessOutput() throws Exception {
    assertThat(accepts("200", HTTP_200)).isTrue();
    assertThat(accepts("200", HTTP_503)).isFalse();
    assertThat(accepts("0", "{\"status\": 0, \"stdout\": \"\", \"stderr\": \"\"}")).isTrue();
    assertThat(accepts("3", "3.0")).isTrue();
  }

  @Test
  void booleansAndStringsMustBeEqual() throws Exception {
    assertThat(accepts("true", "true")).isTrue();
    assertThat(accepts("true", "false")).isFalse();
    assertThat(accepts("\"UP\"", "\"UP\"")).isTrue();
    assertThat(accepts("\"UP\"", "\"DOWN\"")).isFalse();
  }

  @Test
  void aListIsTheValuesAllowedOrWithTwoNumbersARange() throws Exception {
    assertThat(accepts("[200, 503]", HTTP_503)).isTrue(); // a status: one of
    assertThat(accepts("[200, 204]", HTTP_503)).isFalse();
    assertThat(accepts("[1, 10]", "4")).isTrue(); // a value: a range
    assertThat(accepts("[1, 10]", "11")).isFalse();
    assertThat(accepts("[\"a\", \"b\", \"c\"]", "\"b\"")).isTrue();
  }

  @Test
  void aRangeJudgesTheTarget() throws Exception {
    String range = "{\"type\": \"range\", \"range\": [200, 299], \"target\": \"status\"}";
    assertThat(accepts(range, HTTP_200)).isTrue();
    assertThat(accepts(range, HTTP_503)).isFalse();
    assertThat(accepts("{\"type\": \"range\", \"range\": [0.5, 1.5]}", "\"1.2\"")).isTrue();
    assertThat(accepts("{\"type\": \"range\", \"range\": [0, 1]}", "\"not a number\"")).isFalse();
  }

  @Test
  void aRegexIsSearchedInTheTarget() throws Exception {
    assertThat(
            accepts("{\"type\": \"regex\", \"pattern\": \"^DO\", \"target\": \"body\"}", HTTP_503))
        .isTrue();
    assertThat(
            accepts("{\"type\": \"regex\", \"pattern\": \"UP\", \"target\": \"body\"}", HTTP_503))
        .isFalse();
    assertThat(
            accepts(
                "{\"type\": \"regex\", \"pattern\": \"ready\", \"target\": \"stdout\"}",
                "{\"status\": 0, \"stdout\": \"all ready\\n\", \"stderr\": \"\"}"))
        .isTrue();
  }

  @Test
  void aJsonPathFindsExpectsAndCounts() throws Exception {
    String state =
        "{\"type\": \"jsonpath\", \"path\": \"$.state\", \"expect\": \"UP\", \"target\": \"body\"}";
    assertThat(accepts(state, HTTP_200)).isTrue();
    assertThat(accepts(state.replace("\"UP\"", "\"DOWN\""), HTTP_200)).isFalse();
    assertThat(
            accepts(
                "{\"type\": \"jsonpath\", \"path\": \"$.items[*]\", \"expect\": [1, 2.0],"
                    + " \"target\": \"body\"}",
                HTTP_200))
        .isTrue();
    assertThat(
            accepts(
                "{\"type\": \"jsonpath\", \"path\": \"$.items[*]\", \"count\": 2, \"target\": \"body\"}",
                HTTP_200))
        .isTrue();
    assertThat(
            accepts(
                "{\"type\": \"jsonpath\", \"path\": \"$.missing\", \"target\": \"body\"}",
                HTTP_200))
        .isFalse();
    // A body that is JSON text is parsed first, as Chaos Toolkit does.
    assertThat(
            accepts(
                "{\"type\": \"jsonpath\", \"path\": \"$.runs[?(@.outcome == 'recovered')]\","
                    + " \"count\": 1, \"target\": \"body\"}",
                "{\"status\": 200, \"body\": \"{\\\"runs\\\": [{\\\"outcome\\\": \\\"recovered\\\"},"
                    + " {\\\"outcome\\\": \\\"escalated\\\"}]}\"}"))
        .isTrue();
  }

  @Test
  void badTolerancesNameTheirField() {
    JsonNode probe = JSON.createObjectNode().put("type", "probe");
    assertThatThrownBy(() -> Tolerance.parse(probe, "t"))
        .isInstanceOf(RuntimeConfigException.class)
        .hasMessageContaining("t.type: a probe tolerance calls a Python function");
    assertThatThrownBy(() -> tolerance("{\"type\": \"jsonpath\", \"path\": \"$.[\"}"))
        .hasMessageStartingWith("t.path: is not a valid JSONPath");
    assertThatThrownBy(() -> tolerance("{\"type\": \"range\", \"range\": [5, 1]}"))
        .hasMessageStartingWith("t.range: low must not be above high");
    assertThatThrownBy(() -> tolerance("{\"type\": \"regex\", \"pattern\": \"x\", \"flags\": 1}"))
        .hasMessageStartingWith("t.flags: unknown field");
    assertThatThrownBy(() -> tolerance("[]"))
        .hasMessageStartingWith("t: must not be an empty list");
  }
}

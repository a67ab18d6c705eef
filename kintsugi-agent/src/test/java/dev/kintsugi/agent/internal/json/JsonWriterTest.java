package dev.kintsugi.agent.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesNestedStructuresWithCommasInTheRightPlaces() throws Exception {
    JsonWriter w = new JsonWriter();
    w.beginObject().name("a").value(1).name("b").beginArray().value("x").nullValue().value(true);
    w.beginObject().endObject().beginArray().endArray().endArray();
    w.name("c").rawValue("{\"raw\":[1,2]}").endObject();
    assertThat(w.toString())
        .isEqualTo("{\"a\":1,\"b\":[\"x\",null,true,{},[]],\"c\":{\"raw\":[1,2]}}");
    assertThat(JSON.readTree(w.toString()).path("c").path("raw").get(1).asInt()).isEqualTo(2);
  }

  @Test
  void escapesEverythingJsonRequiresAndParsesBackToTheSameText() throws Exception {
    String nasty = "q\"b\\s/\n\r\t\b\f\u0000\u001f\u2028\u2029 é 😀 end";
    JsonWriter w = new JsonWriter();
    w.beginObject().name(nasty).value(nasty).endObject();
    JsonNode parsed = JSON.readTree(w.toString());
    assertThat(parsed.path(nasty).asText()).isEqualTo(nasty);
    assertThat(w.toString()).doesNotContain("\n").contains("\\u0000").contains("\\u2028");
  }

  @Test
  void loneSurrogatesBecomeReplacementCharactersSoTheOutputIsValidUtf8() throws Exception {
    JsonWriter w = new JsonWriter();
    w.value("a\uD83Db\uDE00c");
    byte[] utf8 = w.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(JSON.readTree(utf8).asText()).isEqualTo("a\uFFFDb\uFFFDc");
  }

  @Test
  void nonFiniteNumbersAreStringsAndFloatsKeepTheirShortForm() throws Exception {
    JsonWriter w = new JsonWriter();
    w.beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY).value(Float.NEGATIVE_INFINITY);
    w.value(0.1f).value(1e300).value(-0.0).value(Long.MIN_VALUE).endArray();
    JsonNode a = JSON.readTree(w.toString());
    assertThat(a.get(0).asText()).isEqualTo("NaN");
    assertThat(a.get(1).asText()).isEqualTo("Infinity");
    assertThat(a.get(2).asText()).isEqualTo("-Infinity");
    assertThat(w.toString()).contains(",0.1,");
    assertThat(a.get(4).asDouble()).isEqualTo(1e300);
    assertThat(a.get(6).asLong()).isEqualTo(Long.MIN_VALUE);
  }

  @Test
  void resetDropsWhatWasWrittenAfterTheMarkIncludingTheComma() {
    JsonWriter w = new JsonWriter();
    w.beginArray().value(1);
    long mark = w.mark();
    w.beginObject().name("x").value(2);
    w.reset(mark);
    w.value("unreadable").endArray();
    assertThat(w.toString()).isEqualTo("[1,\"unreadable\"]");
  }
}

package dev.kintsugi.agent.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void readsObjectsArraysStringsNumbersAndLiterals() {
    Object v =
        JsonReader.parse(
            " {\"a\": [1, -2.5, 1e3, true, false, null], \"s\": \"x\\\"\\u00e9\\n\", \"o\": {}} ");
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(new ArrayList<Object>((List<?>) m.get("a")))
        .containsExactly(1L, -2.5, 1000.0, true, false, null);
    assertThat(m.get("s")).isEqualTo("x\"é\n");
    assertThat((Map<?, ?>) m.get("o")).isEmpty();
    assertThat(JsonReader.parse("99999999999999999999")).isEqualTo(1e20);
  }

  @Test
  void refusesWhatIsNotJson() {
    for (String bad :
        new String[] {
          "",
          "{",
          "{not json",
          "[1,]",
          "{\"a\" 1}",
          "01",
          "1.",
          "-",
          "\"\\x\"",
          "\"a",
          "tru",
          "[1] 2",
          "NaN",
          "\"\u0001\"",
          "[".repeat(40) + "]".repeat(40)
        }) {
      assertThatThrownBy(() -> JsonReader.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("not JSON at offset");
    }
  }
}

package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesNestedValues() {
    Object parsed =
        Json.parse(" {\"items\": [{\"sku\": \"MUG-01\", \"quantity\": 2}], \"coupon\": null,"
            + " \"gift\": false, \"rate\": 1.5, \"note\": \"a \\\"b\\\" \\u00e9\"} ");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("items", List.of(Map.of("sku", "MUG-01", "quantity", 2L)));
    expected.put("coupon", null);
    expected.put("gift", false);
    expected.put("rate", 1.5);
    expected.put("note", "a \"b\" \u00e9");
    assertEquals(expected, parsed);
  }

  @Test
  void writesWhatItReads() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("name", "tab\there \"quoted\"");
    value.put("list", Arrays.asList(1L, null, true));
    value.put("status", Order.Status.SHIPPED);
    String json = Json.write(value);
    assertEquals("{\"name\":\"tab\\there \\\"quoted\\\"\",\"list\":[1,null,true],"
        + "\"status\":\"SHIPPED\"}", json);
    assertEquals("SHIPPED", ((Map<?, ?>) Json.parse(json)).get("status"));
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : List.of("", "{", "{\"a\" 1}", "[1,]", "\"open", "nul", "{} x")) {
      assertThrows(Json.MalformedJsonException.class, () -> Json.parse(bad), bad);
    }
  }
}

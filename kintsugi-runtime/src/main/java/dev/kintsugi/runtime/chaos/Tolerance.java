package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a probe's output must be for the steady state to hold, as Chaos Toolkit judges it: a
 * boolean, number or string equal to the output (a number is compared with an HTTP or process
 * output's {@code status}); a list the output (or its status) is in, or with two numbers, a range
 * the output lies in; or a mapping of {@code type} {@code range}, {@code regex} or {@code jsonpath}
 * with an optional {@code target} (the output's field to judge: {@code status}, {@code body},
 * {@code stdout}, ...).
 */
sealed interface Tolerance {

  /** Whether the probe's output is within the tolerance. */
  boolean accepts(JsonNode output);

  /** Reads a tolerance; {@code path} names it in errors. */
  static Tolerance parse(JsonNode node, String path) throws RuntimeConfigException {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw new RuntimeConfigException(path, "is required for a steady-state probe");
    }
    if (node.isBoolean() || node.isNumber() || node.isTextual()) {
      return new Exact(node);
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        throw new RuntimeConfigException(path, "must not be an empty list");
      }
      for (int i = 0; i < node.size(); i++) {
        if (!(node.get(i).isNumber() || node.get(i).isTextual() || node.get(i).isBoolean())) {
          throw new RuntimeConfigException(
              path + "[" + i + "]", "must be a number, string or boolean");
        }
      }
      return new OneOf((ArrayNode) node);
    }
    if (!node.isObject()) {
      throw new RuntimeConfigException(path, "must be a value, a list or a mapping");
    }
    String type = ConfigNode.text(node.get("type"), path + ".type");
    return switch (type) {
      case "range" -> Range.parse(node, path);
      case "regex" -> Regex.parse(node, path);
      case "jsonpath" -> Json.parse(node, path);
      case "probe" ->
          throw new RuntimeConfigException(
              path + ".type",
              "a probe tolerance calls a Python function, which cannot run here; use range, regex"
                  + " or jsonpath");
      default ->
          throw new RuntimeConfigException(
              path + ".type",
              "unknown tolerance type \"" + type + "\" (one of: range, regex, jsonpath)");
    };
  }

  /** The output's {@code target} field when it has one, else the output itself. */
  private static JsonNode targeted(JsonNode output, Optional<String> target) {
    if (target.isPresent() && output != null && output.isObject() && output.has(target.get())) {
      return output.get(target.get());
    }
    return output;
  }

  private static Optional<BigDecimal> number(JsonNode value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value.isNumber()) {
      return Optional.of(value.decimalValue());
    }
    if (value.isTextual()) {
      try {
        return Optional.of(new BigDecimal(value.textValue().trim()));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Equal as JSON, numbers by value ({@code 1} equals {@code 1.0}). */
  private static boolean same(JsonNode a, JsonNode b) {
    return a.equals(
        (x, y) -> {
          if (x.isNumber() && y.isNumber()) {
            return x.decimalValue().compareTo(y.decimalValue());
          }
          return x.equals(y) ? 0 : 1;
        },
        b);
  }

  /** The output's status when it is an HTTP or process output, else the output. */
  private static JsonNode statusOr(JsonNode output) {
    return output != null && output.isObject() && output.has("status")
        ? output.get("status")
        : output;
  }

  /** A boolean, number or string the output must equal. */
  record Exact(JsonNode expected) implements Tolerance {
    @Override
    public boolean accepts(JsonNode output) {
      JsonNode value = expected.isNumber() ? statusOr(output) : output;
      return value != null && same(expected, value);
    }
  }

  /** Values the output (or its status) must be one of; two numbers alone are a range. */
  record OneOf(ArrayNode values) implements Tolerance {
    @Override
    public boolean accepts(JsonNode output) {
      boolean hasStatus = output != null && output.isObject() && output.has("status");
      JsonNode value = statusOr(output);
      if (value == null) {
        return false;
      }
      if (!hasStatus
          && values.size() == 2
          && values.get(0).isNumber()
          && values.get(1).isNumber()) {
        Optional<BigDecimal> n = number(value);
        return n.isPresent()
            && values.get(0).decimalValue().compareTo(n.get()) <= 0
            && n.get().compareTo(values.get(1).decimalValue()) <= 0;
      }
      for (JsonNode v : values) {
        if (same(v, value)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code {"type": "range", "range": [low, high], "target": ...}}: low ≤ value ≤ high. */
  record Range(BigDecimal low, BigDecimal high, Optional<String> target) implements Tolerance {
    static Range parse(JsonNode node, String path) throws RuntimeConfigException {
      ConfigNode c = ConfigNode.of(node, path, List.of("type", "range", "target"));
      JsonNode range = c.get("range");
      if (range == null
          || !range.isArray()
          || range.size() != 2
          || !range.get(0).isNumber()
          || !range.get(1).isNumber()) {
        throw new RuntimeConfigException(
            c.path("range"), "must be two numbers [low, high], was " + ConfigNode.shown(range));
      }
      BigDecimal low = range.get(0).decimalValue();
      BigDecimal high = range.get(1).decimalValue();
      if (low.compareTo(high) > 0) {
        throw new RuntimeConfigException(c.path("range"), "low must not be above high");
      }
      return new Range(low, high, c.optionalText("target"));
    }

    @Override
    public boolean accepts(JsonNode output) {
      Optional<BigDecimal> n = number(targeted(output, target));
      return n.isPresent() && low.compareTo(n.get()) <= 0 && n.get().compareTo(high) <= 0;
    }
  }

  /** {@code {"type": "regex", "pattern": ..., "target": ...}}: the pattern is found in the text. */
  record Regex(Pattern pattern, Optional<String> target) implements Tolerance {
    static Regex parse(JsonNode node, String path) throws RuntimeConfigException {
      ConfigNode c = ConfigNode.of(node, path, List.of("type", "pattern", "target"));
      String pattern = c.text("pattern");
      try {
        return new Regex(Pattern.compile(pattern), c.optionalText("target"));
      } catch (PatternSyntaxException e) {
        throw new RuntimeConfigException(
            c.path("pattern"), "is not a valid regular expression: " + e.getDescription());
      }
    }

    @Override
    public boolean accepts(JsonNode output) {
      JsonNode value = targeted(output, target);
      if (value == null || value.isNull()) {
        return false;
      }
      return pattern.matcher(value.isTextual() ? value.textValue() : value.toString()).find();
    }
  }

  /**
   * {@code {"type": "jsonpath", "path": ..., "expect": ..., "count": N, "target": ...}}: the path
   * finds something (exactly {@code count} values; exactly the values of {@code expect}, a value or
   * a list).
   */
  record Json(
      String path, Optional<List<JsonNode>> expect, OptionalInt count, Optional<String> target)
      implements Tolerance {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration CONF =
        Configuration.builder()
            .jsonProvider(new JacksonJsonNodeJsonProvider())
            .mappingProvider(new JacksonMappingProvider())
            .options(Option.ALWAYS_RETURN_LIST, Option.SUPPRESS_EXCEPTIONS)
            .build();

    static Json parse(JsonNode node, String at) throws RuntimeConfigException {
      ConfigNode c = ConfigNode.of(node, at, List.of("type", "path", "expect", "count", "target"));
      String path = c.text("path");
      try {
        JsonPath.compile(path);
      } catch (InvalidPathException | IllegalArgumentException e) {
        throw new RuntimeConfigException(
            c.path("path"), "is not a valid JSONPath: " + e.getMessage());
      }
      Optional<List<JsonNode>> expect = Optional.empty();
      if (node.has("expect")) {
        List<JsonNode> values = new ArrayList<>();
        JsonNode e = node.get("expect");
        if (e.isArray()) {
          e.forEach(values::add);
        } else {
          values.add(e);
        }
        expect = Optional.of(values);
      }
      return new Json(
          path, expect, c.optionalInteger("count", 0, Integer.MAX_VALUE), c.optionalText("target"));
    }

    @Override
    public boolean accepts(JsonNode output) {
      JsonNode value = targeted(output, target);
      if (value == null) {
        return false;
      }
      if (value.isTextual()) {
        try {
          value = JSON.readTree(value.textValue());
        } catch (IOException e) {
          // not JSON: judged as the text it is
        }
      }
      JsonNode found = JsonPath.using(CONF).parse(value).read(path);
      List<JsonNode> values = new ArrayList<>();
      if (found != null && found.isArray()) {
        found.forEach(values::add);
      }
      if (expect.isPresent()) {
        List<JsonNode> wanted = expect.get();
        if (wanted.size() != values.size()) {
          return false;
        }
        for (int i = 0; i < wanted.size(); i++) {
          if (!same(wanted.get(i), values.get(i))) {
            return false;
          }
        }
        return true;
      }
      return count.isPresent() ? values.size() == count.getAsInt() : !values.isEmpty();
    }
  }
}

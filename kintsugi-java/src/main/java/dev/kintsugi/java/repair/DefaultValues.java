package dev.kintsugi.java.repair;

import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Values a guard may return instead of failing: the neutral value of a type, most natural first.
 * Factory calls reuse the type as written, so they need no new import.
 */
final class DefaultValues {

  private static final Set<String> EMPTY_FACTORIES =
      Set.of("Optional", "OptionalInt", "OptionalLong", "OptionalDouble", "Stream");
  private static final Set<String> OF_FACTORIES = Set.of("List", "Set", "Map");

  private DefaultValues() {}

  static List<String> of(Type type) {
    String written = type.asString();
    List<String> values = new ArrayList<>();
    if (type.isPrimitiveType()) {
      values.add(written.equals("boolean") ? "false" : "0");
      return values;
    }
    if (type.isArrayType()) {
      String element = type.getElementType().asString();
      values.add("new " + element + "[0]" + "[]".repeat(type.getArrayLevel() - 1));
      values.add("null");
      return values;
    }
    int generic = written.indexOf('<');
    String raw = generic < 0 ? written : written.substring(0, generic);
    String simple = raw.substring(raw.lastIndexOf('.') + 1);
    if (EMPTY_FACTORIES.contains(simple)) {
      values.add(raw + ".empty()");
      if (simple.startsWith("Optional")) {
        return values; // an Optional must never be null
      }
    } else if (OF_FACTORIES.contains(simple)) {
      values.add(raw + ".of()");
    } else if (simple.equals("String")) {
      values.add("\"\"");
    }
    values.add("null");
    return values;
  }
}

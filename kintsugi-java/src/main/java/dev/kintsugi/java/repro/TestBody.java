package dev.kintsugi.java.repro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The statements of the generated test method and the local variable names they use. */
final class TestBody {

  private final List<String> statements = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  /** Declares {@code type name = init;} with a fresh name derived from {@code hint}. */
  String declare(String type, String hint, String init) {
    String name = fresh(hint);
    statements.add(type + " " + name + " = " + init + ";");
    return name;
  }

  void add(String statement) {
    statements.add(statement);
  }

  boolean isLocal(String expression) {
    return names.contains(expression);
  }

  List<String> statements() {
    return List.copyOf(statements);
  }

  /**
   * A new local name from a source identifier: lower camel case (so it never obscures a type name
   * the test uses, like {@code Arrays}), numbered when taken.
   */
  String fresh(String hint) {
    String base = JavaLiterals.decapitalize(hint);
    if (!JavaLiterals.isIdentifier(base) || base.startsWith("$") || base.equals("var")) {
      base = "value";
    }
    String name = base;
    for (int i = 2; names.contains(name); i++) {
      name = base + i;
    }
    names.add(name);
    return name;
  }
}

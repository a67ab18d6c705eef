package dev.kintsugi.java.repro;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The statements of the generated test method and the local variable names they use. */
final class TestBody {

  /** Locals with these names would obscure fully qualified type names that start with them. */
  private static final Set<String> PACKAGE_ROOTS =
      Set.of("java", "javax", "jakarta", "com", "org", "net", "io", "dev");

  private static final int MAX_STATEMENTS = 1_000;
  private static final int MAX_CHARS = 100_000;

  private final List<String> statements = new ArrayList<>();
  private final Set<String> names = new HashSet<>(PACKAGE_ROOTS);
  private int chars;

  /** Declares {@code type name = init;} with a fresh name derived from {@code hint}. */
  String declare(String type, String hint, String init) {
    String name = fresh(hint);
    add(type + " " + name + " = " + init + ";");
    return name;
  }

  /**
   * Adds a statement.
   *
   * @throws Unrebuildable when the method would outgrow what javac accepts (64 KB of bytecode)
   */
  void add(String statement) {
    chars += statement.length();
    if (statements.size() >= MAX_STATEMENTS || chars > MAX_CHARS) {
      throw new Unrebuildable("the snapshot is too large for one test method");
    }
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
      base = "captured";
    }
    String name = base;
    for (int i = 2; names.contains(name) || PACKAGE_ROOTS.contains(name); i++) {
      name = base + i;
    }
    names.add(name);
    return name;
  }
}

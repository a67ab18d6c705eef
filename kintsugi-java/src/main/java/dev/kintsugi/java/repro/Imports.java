package dev.kintsugi.java.repro;

import dev.kintsugi.java.repro.JType.Declared;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides how the generated test writes each type: by its short name, importing it when that cannot
 * clash with another import, a same-package type or {@code java.lang}, else fully qualified. Every
 * type the test mentions goes through here, so one simple name never means two types.
 */
final class Imports {

  private final String testPackage;
  private final String testClass;
  private final ProjectSources sources;

  /** Simple name → the top-level type it stands for in the test. */
  private final Map<String, String> claimed = new HashMap<>();

  private final Set<String> lines = new TreeSet<>();

  Imports(String testPackage, String testClass, ProjectSources sources) {
    this.testPackage = testPackage;
    this.testClass = testClass;
    this.sources = sources;
  }

  /** How to write {@code type} (without type arguments). */
  String use(Declared type) {
    String key = firstSegment(type.localName());
    String pkg = type.packageName().orElse(null);
    boolean samePackage = testPackage.equals(pkg);
    boolean implicit = samePackage || "java.lang".equals(pkg);
    if (key.equals(testClass)) {
      return type.canonical();
    }
    if (!samePackage && sources.hasTopLevel(testPackage, key)) {
      return type.canonical(); // a same-package type would be shadowed or shadow
    }
    String owner = claimed.get(key);
    if (owner == null) {
      claimed.put(key, type.importName());
      if (!implicit) {
        lines.add("import " + type.importName() + ";");
      }
      return type.localName();
    }
    return owner.equals(type.importName()) ? type.localName() : type.canonical();
  }

  /** A JDK class, e.g. {@code java.util.Arrays}. */
  String use(Class<?> type) {
    return use(Declared.jdk(type));
  }

  /** Full source text of {@code type}, type arguments included. */
  String render(JType type) {
    if (type instanceof JType.Primitive primitive) {
      return primitive.name();
    }
    if (type instanceof JType.ArrayOf array) {
      return render(array.component()) + "[]";
    }
    if (type instanceof JType.Wildcard wildcard) {
      if (wildcard.extendsBound().isPresent()) {
        return "? extends " + render(wildcard.extendsBound().get());
      }
      return wildcard.superBound().map(b -> "? super " + render(b)).orElse("?");
    }
    if (type instanceof JType.Variable variable) {
      return render(variable.erasure());
    }
    if (type instanceof JType.Unresolved unresolved) {
      useAsWritten(unresolved);
      return unresolved.text();
    }
    Declared declared = (Declared) type;
    String name = use(declared);
    if (declared.args().isEmpty()) {
      return name;
    }
    return name
        + declared.args().stream().map(this::render).collect(Collectors.joining(", ", "<", ">"));
  }

  /** The erasure, for class literals and array creation. */
  String renderRaw(JType type) {
    if (type instanceof JType.ArrayOf array) {
      return renderRaw(array.component()) + "[]";
    }
    if (type instanceof JType.Variable variable) {
      return renderRaw(variable.erasure());
    }
    if (type instanceof Declared declared) {
      return use(declared);
    }
    return render(type);
  }

  private void useAsWritten(JType.Unresolved type) {
    for (String imported : type.imports()) {
      lines.add("import " + imported + ";");
      if (!imported.endsWith(".*")) {
        claimed.putIfAbsent(type.firstName(), imported);
      }
    }
  }

  /** The import declarations the test needs, sorted. */
  Set<String> lines() {
    return new TreeSet<>(lines);
  }

  private static String firstSegment(String localName) {
    int dot = localName.indexOf('.');
    return dot < 0 ? localName : localName.substring(0, dot);
  }
}

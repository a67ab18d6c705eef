package dev.kintsugi.java.repro;

import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parameter or field type as declared in source, resolved to what it names. */
sealed interface JType {

  JType OBJECT = Declared.jdk(Object.class);

  /** {@code int}, {@code boolean}, ... */
  record Primitive(String name) implements JType {
    public Primitive {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code T[]}. */
  record ArrayOf(JType component) implements JType {
    public ArrayOf {
      Objects.requireNonNull(component, "component");
    }
  }

  /** {@code ?}, {@code ? extends X} or {@code ? super X}. */
  record Wildcard(Optional<JType> extendsBound, Optional<JType> superBound) implements JType {
    public Wildcard {
      Objects.requireNonNull(extendsBound, "extendsBound");
      Objects.requireNonNull(superBound, "superBound");
    }

    /** The type a value of this wildcard is built as. */
    JType bound() {
      return extendsBound.or(() -> superBound).orElse(OBJECT);
    }
  }

  /** A type variable; values are built as its erasure. */
  record Variable(String name, JType erasure) implements JType {
    public Variable {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(erasure, "erasure");
    }
  }

  /**
   * A name that resolves neither to the project's sources nor to the JDK (a library type reached
   * through a wildcard import, say): written as in source, with the imports that may declare it.
   */
  record Unresolved(String text, String firstName, List<String> imports) implements JType {
    public Unresolved {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(firstName, "firstName");
      imports = List.copyOf(imports);
    }
  }

  /**
   * A class or interface type.
   *
   * @param canonical {@code com.acme.Order.Status}
   * @param packageName the package when known (project and JDK types), empty for library types
   * @param importName what an import declaration names to make {@code localName} visible
   * @param localName how the type is written once {@code importName} is imported
   * @param args type arguments, empty when raw or not generic
   * @param source the declaration in the project's sources, if any
   * @param jdk the JDK class, if this is a {@code java.*} type
   */
  record Declared(
      String canonical,
      Optional<String> packageName,
      String importName,
      String localName,
      List<JType> args,
      Optional<SourceType> source,
      Optional<Class<?>> jdk)
      implements JType {

    public Declared {
      Objects.requireNonNull(canonical, "canonical");
      Objects.requireNonNull(packageName, "packageName");
      Objects.requireNonNull(importName, "importName");
      Objects.requireNonNull(localName, "localName");
      args = List.copyOf(args);
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(jdk, "jdk");
    }

    static Declared jdk(Class<?> type) {
      Class<?> top = type;
      while (top.getEnclosingClass() != null) {
        top = top.getEnclosingClass();
      }
      String pkg = type.getPackageName();
      String canonical = type.getCanonicalName();
      return new Declared(
          canonical,
          Optional.of(pkg),
          top.getCanonicalName(),
          canonical.substring(pkg.isEmpty() ? 0 : pkg.length() + 1),
          List.of(),
          Optional.empty(),
          Optional.of(type));
    }

    static Declared of(SourceType type) {
      return new Declared(
          type.canonicalName(),
          Optional.of(type.packageName()),
          type.topLevelName(),
          type.localName(),
          List.of(),
          Optional.of(type),
          Optional.empty());
    }

    /** A library type named by an import declaration ({@code importName}) plus nested names. */
    static Declared library(String importName, String nestedSuffix) {
      String simple = importName.substring(importName.lastIndexOf('.') + 1);
      return new Declared(
          importName + nestedSuffix,
          Optional.empty(),
          importName,
          simple + nestedSuffix,
          List.of(),
          Optional.empty(),
          Optional.empty());
    }

    Declared withArgs(List<JType> newArgs) {
      return new Declared(canonical, packageName, importName, localName, newArgs, source, jdk);
    }

    /** The {@code i}-th type argument, {@code Object} when raw. */
    JType arg(int i) {
      return i < args.size() ? args.get(i) : OBJECT;
    }

    /** The name a stack trace or an {@code @class} snapshot would print. */
    String binaryName() {
      if (jdk.isPresent()) {
        return jdk.get().getName();
      }
      return source.map(SourceType::binaryName).orElse(canonical);
    }

    boolean isEnum() {
      return source.map(s -> s.declaration().isEnumDeclaration()).orElse(false)
          || jdk.map(Class::isEnum).orElse(false);
    }

    /** Whether the class declares type parameters (so a bare use of it is a raw type). */
    boolean isGeneric() {
      if (jdk.isPresent()) {
        return jdk.get().getTypeParameters().length > 0;
      }
      return source
          .map(
              s ->
                  s.declaration() instanceof NodeWithTypeParameters<?> generic
                      && generic.getTypeParameters().isNonEmpty())
          .orElse(false);
    }
  }
}

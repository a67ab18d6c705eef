package dev.kintsugi.java.repro;

import com.github.javaparser.Range;
import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.type.ReferenceType;
import com.github.javaparser.ast.type.TypeParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A method or constructor found in source, reduced to what a call needs; also covers record compact
 * and implicit canonical constructors, which JavaParser does not model as callables.
 *
 * @param name the method name, or {@code <init>}
 * @param parameters declared parameters, in order
 * @param typeParameters the callable's own type variables
 * @param range lines the declaration spans, when known
 * @param isPrivate whether it is private
 * @param isStatic whether it is a static method
 * @param throwsThrowable whether it declares {@code throws Throwable}
 */
record Callable(
    String name,
    List<Parameter> parameters,
    List<TypeParameter> typeParameters,
    Optional<Range> range,
    boolean isPrivate,
    boolean isStatic,
    boolean throwsThrowable) {

  static final String CONSTRUCTOR = "<init>";

  Callable {
    Objects.requireNonNull(name, "name");
    parameters = List.copyOf(parameters);
    typeParameters = List.copyOf(typeParameters);
    Objects.requireNonNull(range, "range");
  }

  boolean isConstructor() {
    return name.equals(CONSTRUCTOR);
  }

  boolean spans(int line) {
    return range.isPresent() && range.get().begin.line <= line && line <= range.get().end.line;
  }

  List<String> parameterNames() {
    return parameters.stream().map(Parameter::getNameAsString).toList();
  }

  /** The methods named {@code name} declared in {@code owner}, or its constructors. */
  static List<Callable> in(SourceType owner, String name) {
    List<Callable> found = new ArrayList<>();
    if (name.equals(CONSTRUCTOR)) {
      owner.declaration().getConstructors().forEach(c -> found.add(of(c, CONSTRUCTOR)));
      if (owner.declaration() instanceof RecordDeclaration record) {
        for (CompactConstructorDeclaration compact : record.getCompactConstructors()) {
          found.add(
              new Callable(
                  CONSTRUCTOR,
                  record.getParameters(),
                  compact.getTypeParameters(),
                  compact.getRange(),
                  compact.hasModifier(Modifier.Keyword.PRIVATE),
                  false,
                  throwsThrowable(compact.getThrownExceptions())));
        }
        boolean canonical =
            found.stream().anyMatch(c -> c.parameterNames().equals(names(record.getParameters())));
        if (!canonical) {
          found.add(
              new Callable(
                  CONSTRUCTOR,
                  record.getParameters(),
                  List.of(),
                  record.getRange(),
                  false,
                  false,
                  false));
        }
      }
      return found;
    }
    for (MethodDeclaration method : owner.declaration().getMethodsByName(name)) {
      found.add(of(method, name));
    }
    return found;
  }

  private static Callable of(CallableDeclaration<?> declaration, String name) {
    return new Callable(
        name,
        declaration.getParameters(),
        declaration.getTypeParameters(),
        declaration.getRange(),
        declaration.isPrivate(),
        declaration.isStatic(),
        throwsThrowable(declaration.getThrownExceptions()));
  }

  private static boolean throwsThrowable(List<ReferenceType> thrown) {
    return thrown.stream()
        .map(ReferenceType::asString)
        .anyMatch(t -> t.equals("Throwable") || t.equals("java.lang.Throwable"));
  }

  private static List<String> names(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::getNameAsString).toList();
  }
}

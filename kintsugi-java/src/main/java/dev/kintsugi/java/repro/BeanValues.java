package dev.kintsugi.java.repro;

import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.kintsugi.java.repro.JType.Declared;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds an object as a bean: a local created with the no-argument constructor, then one {@code
 * setX(...)} call per field, the setters found in the class or its superclasses in source.
 */
final class BeanValues {

  private static final int MAX_SUPERCLASSES = 16;

  private final ValueBuilder values;
  private final ValueContext context;

  BeanValues(ValueBuilder values, ValueContext context) {
    this.values = values;
    this.context = context;
  }

  /** An accessible no-argument constructor, then {@code setX(...)} for every field. */
  Optional<String> viaSetters(
      Declared concrete, Declared declared, Map<String, Object> fields, String hint) {
    SourceType source = concrete.source().orElseThrow();
    ClassOrInterfaceDeclaration type = (ClassOrInterfaceDeclaration) source.declaration();
    boolean noArgs =
        type.getConstructors().isEmpty()
            || type.getConstructors().stream()
                .anyMatch(c -> c.getParameters().isEmpty() && context.accessible(c, source));
    if (!noArgs) {
      return Optional.empty();
    }
    List<Setter> setters = new ArrayList<>();
    for (String field : fields.keySet()) {
      Optional<Setter> setter = setter(source, "set" + JavaLiterals.capitalize(field));
      if (setter.isEmpty()) {
        return Optional.empty();
      }
      setters.add(setter.get());
    }
    Imports imports = context.imports;
    String localType =
        concrete.canonical().equals(declared.canonical())
            ? imports.render(declared)
            : imports.use(concrete);
    if (!concrete.canonical().equals(declared.canonical()) && concrete.isGeneric()) {
      context.usesRawType();
    }
    TestBody body = context.body;
    String name =
        body.declare(localType, hint, "new " + context.creation(concrete, declared) + "()");
    int i = 0;
    for (Object value : fields.values()) {
      Setter setter = setters.get(i++);
      String argument =
          values.build(setter.type(), value, setter.method().getParameter(0).getNameAsString());
      body.add(name + "." + setter.method().getNameAsString() + "(" + argument + ");");
    }
    return Optional.of(name);
  }

  private record Setter(MethodDeclaration method, JType type) {}

  /** A one-argument instance method {@code name} in the class or its superclasses in source. */
  private Optional<Setter> setter(SourceType start, String name) {
    SourceType current = start;
    for (int depth = 0; current != null && depth < MAX_SUPERCLASSES; depth++) {
      for (BodyDeclaration<?> member : current.declaration().getMembers()) {
        if (member instanceof MethodDeclaration method
            && method.getNameAsString().equals(name)
            && method.getParameters().size() == 1
            && !method.isStatic()
            && context.accessible(method, current)) {
          Scope scope = Scope.of(current).with(method);
          return Optional.of(
              new Setter(method, context.parameterType(method.getParameter(0), scope)));
        }
      }
      current = superclass(current).orElse(null);
    }
    return Optional.empty();
  }

  private Optional<SourceType> superclass(SourceType type) {
    if (!(type.declaration() instanceof ClassOrInterfaceDeclaration declaration)
        || declaration.getExtendedTypes().isEmpty()
        || declaration.isInterface()) {
      return Optional.empty();
    }
    ClassOrInterfaceType extended = declaration.getExtendedTypes().get(0);
    return context.types.resolve(extended, Scope.of(type)) instanceof Declared parent
        ? parent.source()
        : Optional.empty();
  }
}

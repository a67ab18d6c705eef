package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.ValueContext.mismatch;

import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import dev.kintsugi.java.repro.JType.Declared;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rebuilds an object snapshot ({@code {"@class": name, field: value, ...}}) from the project's
 * source: a record's canonical constructor, a constructor whose parameters are named like the
 * fields, a bean's setters, or as a last resort Jackson, when the project has it.
 */
final class ObjectValues {

  static final String CLASS_KEY = "@class";

  private static final Declared OBJECT_MAPPER =
      new Declared(
          "com.fasterxml.jackson.databind.ObjectMapper",
          Optional.of("com.fasterxml.jackson.databind"),
          "com.fasterxml.jackson.databind.ObjectMapper",
          "ObjectMapper",
          List.of(),
          Optional.empty(),
          Optional.empty());

  private final ValueBuilder values;
  private final ValueContext context;
  private final TextValues texts;
  private final BeanValues beans;

  ObjectValues(ValueBuilder values, ValueContext context, TextValues texts) {
    this.values = values;
    this.context = context;
    this.texts = texts;
    this.beans = new BeanValues(values, context);
  }

  /** An object snapshot: {@code {"@class": name, field: value, ...}}. */
  String object(Declared declared, Map<?, ?> snapshot, String hint) {
    if (snapshot.get(CLASS_KEY) instanceof String className
        && !className.equals(declared.binaryName())
        && TextValues.isTextValue(className)) {
      return texts.text(className, snapshot, declared);
    }
    Declared concrete = concreteClass(declared, snapshot);
    Map<String, Object> fields = new LinkedHashMap<>();
    snapshot.forEach(
        (key, value) -> {
          if (!CLASS_KEY.equals(key)) {
            fields.put(String.valueOf(key), value);
          }
        });
    if (concrete.source().isEmpty()) {
      return viaJackson(concrete, snapshot)
          .orElseThrow(() -> new Unrebuildable("no source to rebuild " + concrete.canonical()));
    }
    SourceType source = concrete.source().get();
    context.checkAccessible(concrete);
    if (source.isAbstractOrInterface()) {
      throw new Unrebuildable(
          "abstract type " + concrete.canonical() + " and the snapshot names no concrete class");
    }
    if (source.declaration() instanceof RecordDeclaration record) {
      return record(concrete, declared, record, fields);
    }
    if (!(source.declaration() instanceof ClassOrInterfaceDeclaration)) {
      throw mismatch(declared);
    }
    Optional<String> built = viaConstructor(concrete, declared, fields);
    if (built.isEmpty()) {
      built = beans.viaSetters(concrete, declared, fields, hint);
    }
    if (built.isEmpty()) {
      built = viaJackson(concrete, snapshot);
    }
    return built.orElseThrow(
        () -> new Unrebuildable("no constructor to rebuild " + concrete.canonical()));
  }

  /** The runtime class the snapshot names, when it differs from the declared type. */
  private Declared concreteClass(Declared declared, Map<?, ?> snapshot) {
    if (!(snapshot.get(CLASS_KEY) instanceof String className)
        || className.equals(declared.binaryName())) {
      return declared;
    }
    Optional<Declared> concrete = context.types.byBinaryName(className);
    if (concrete.isEmpty()) {
      throw new Unrebuildable(
          "class " + JavaLiterals.commentSafe(className, 200) + " not found in the main sources");
    }
    if (concrete.get().isEnum() || CollectionValues.isCollection(concrete.get().canonical())) {
      throw mismatch(declared);
    }
    return concrete.get();
  }

  private String record(
      Declared concrete, Declared declared, RecordDeclaration record, Map<String, Object> fields) {
    Scope scope = Scope.of(concrete.source().orElseThrow());
    List<String> args = new ArrayList<>();
    for (Parameter component : record.getParameters()) {
      String name = component.getNameAsString();
      if (!fields.containsKey(name)) {
        throw new Unrebuildable(
            "the snapshot of " + concrete.canonical() + " lacks component " + name);
      }
      args.add(values.build(context.parameterType(component, scope), fields.get(name), name));
    }
    if (fields.size() != record.getParameters().size()) {
      throw new Unrebuildable(
          "the snapshot of " + concrete.canonical() + " has fields the record does not declare");
    }
    return "new " + context.creation(concrete, declared) + "(" + String.join(", ", args) + ")";
  }

  /** A constructor whose parameter names are exactly the snapshot's fields. */
  private Optional<String> viaConstructor(
      Declared concrete, Declared declared, Map<String, Object> fields) {
    SourceType source = concrete.source().orElseThrow();
    ClassOrInterfaceDeclaration type = (ClassOrInterfaceDeclaration) source.declaration();
    for (ConstructorDeclaration constructor : type.getConstructors()) {
      NodeList<Parameter> parameters = constructor.getParameters();
      if (!context.accessible(constructor, source)
          || parameters.size() != fields.size()
          || !parameters.stream().allMatch(p -> fields.containsKey(p.getNameAsString()))) {
        continue;
      }
      Scope scope = Scope.of(source).with(constructor);
      List<String> args = new ArrayList<>();
      for (Parameter parameter : parameters) {
        String name = parameter.getNameAsString();
        args.add(values.build(context.parameterType(parameter, scope), fields.get(name), name));
      }
      return Optional.of(
          "new " + context.creation(concrete, declared) + "(" + String.join(", ", args) + ")");
    }
    if (fields.isEmpty() && type.getConstructors().isEmpty()) {
      return Optional.of("new " + context.creation(concrete, declared) + "()");
    }
    return Optional.empty();
  }

  private Optional<String> viaJackson(Declared concrete, Map<?, ?> snapshot) {
    if (!context.jackson || concrete.jdk().isPresent()) {
      return Optional.empty();
    }
    String json = SnapshotJson.write(snapshot);
    context.note(
        "rebuilt "
            + concrete.canonical()
            + " with Jackson: if Jackson cannot bind its fields the test fails differently");
    Imports imports = context.imports;
    return Optional.of(
        "new "
            + imports.use(OBJECT_MAPPER)
            + "().readValue("
            + TextValues.literal(json)
            + ", "
            + imports.use(concrete)
            + ".class)");
  }
}

package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.ValueContext.mismatch;

import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.nodeTypes.modifiers.NodeWithAccessModifiers;
import dev.kintsugi.java.repro.JType.Declared;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one captured value back into Java source for its declared type: an expression, plus the
 * statements it needs (collections, maps and setter-built objects become local variables, so every
 * diamond has a typed target and every {@code null} a type). Event data only ever ends up inside
 * literals; identifiers come from the project's sources.
 *
 * <p>This class picks the way to rebuild a value by its type; primitives, text, collections and
 * objects each have a class of their own, which call back here for the values they contain.
 */
final class ValueBuilder {

  /** Types declared as these hold whatever the snapshot says, if it says so unambiguously. */
  private static final Set<String> DYNAMIC =
      Set.of(
          "java.lang.Object",
          "java.io.Serializable",
          "java.lang.Comparable",
          "java.lang.CharSequence");

  private final ValueContext context;
  private final PrimitiveValues primitives;
  private final TextValues texts;
  private final CollectionValues collections;
  private final ObjectValues objects;

  ValueBuilder(
      TypeResolver types, Imports imports, TestBody body, String testPackage, boolean jackson) {
    this.context = new ValueContext(types, imports, body, testPackage, jackson);
    this.primitives = new PrimitiveValues(imports);
    this.texts = new TextValues(imports);
    this.collections = new CollectionValues(this, context);
    this.objects = new ObjectValues(this, context, texts);
  }

  /** Approximations made while building, for the result's notes. */
  List<String> notes() {
    return context.notes();
  }

  /** Whether some generated code uses a generic class raw (the test then suppresses warnings). */
  boolean usedRawTypes() {
    return context.usedRawTypes();
  }

  /**
   * A local variable of {@code type} named after {@code hint}, holding {@code value}.
   *
   * @throws Unrebuildable when the value cannot be rebuilt
   */
  String local(JType type, Object value, String hint) {
    String expression = build(type, value, hint);
    return context.body.isLocal(expression)
        ? expression
        : context.body.declare(context.imports.render(type), hint, expression);
  }

  /** An expression of {@code type} equal to {@code value}. */
  String build(JType type, Object value, String hint) {
    if (type instanceof JType.Primitive primitive) {
      return primitives.build(primitive.name(), value, type);
    }
    if (value == null) {
      return "null";
    }
    if (type instanceof JType.Variable variable) {
      return build(variable.erasure(), value, hint);
    }
    if (type instanceof JType.Wildcard wildcard) {
      return build(wildcard.bound(), value, hint);
    }
    if (type instanceof JType.Unresolved unresolved) {
      throw new Unrebuildable("cannot resolve type " + unresolved.text());
    }
    if (type instanceof JType.ArrayOf array) {
      return collections.array(array, value, hint);
    }
    return declared((Declared) type, value, hint);
  }

  private String declared(Declared type, Object value, String hint) {
    String name = type.canonical();
    if (PrimitiveValues.isBox(name)) {
      return primitives.build(PrimitiveValues.unbox(name), value, type);
    }
    if (name.equals("java.lang.String")) {
      return texts.string(value, type);
    }
    if (DYNAMIC.contains(name) || name.equals("java.lang.Number")) {
      return dynamic(type, value, hint);
    }
    if (TextValues.isTextValue(name)) {
      return texts.text(name, value, type);
    }
    if (type.isEnum()) {
      return enumConstant(type, value);
    }
    if (CollectionValues.isCollection(name)) {
      return collections.collection(type, value, hint);
    }
    if (CollectionValues.isMap(name)) {
      return collections.map(type, value, hint);
    }
    if (name.equals("java.util.Optional")) {
      return collections.optional(type, value, hint);
    }
    if (value instanceof Map<?, ?> fields) {
      return objects.object(type, fields, hint);
    }
    throw mismatch(type);
  }

  /** Declared as Object, Number, ...: only values whose runtime class the snapshot tells. */
  private String dynamic(Declared type, Object value, String hint) {
    if (value instanceof String text && !type.canonical().equals("java.lang.Number")) {
      return TextValues.literal(text);
    }
    if (value instanceof Boolean flag && !type.canonical().equals("java.lang.Number")) {
      return flag.toString();
    }
    if (value instanceof Map<?, ?> fields && fields.get(ObjectValues.CLASS_KEY) instanceof String) {
      return objects.object(type, fields, hint);
    }
    throw new Unrebuildable(
        "the runtime class of a value declared as " + type.canonical() + " is unknown");
  }

  private String enumConstant(Declared type, Object value) {
    if (!(value instanceof String constant) || !JavaLiterals.isIdentifier(constant)) {
      throw mismatch(type);
    }
    boolean exists;
    if (type.source().isPresent()) {
      EnumDeclaration declaration = (EnumDeclaration) type.source().get().declaration();
      exists =
          declaration.getEntries().stream()
              .map(EnumConstantDeclaration::getNameAsString)
              .anyMatch(constant::equals);
    } else {
      exists =
          Arrays.stream(type.jdk().orElseThrow().getEnumConstants())
              .anyMatch(c -> ((Enum<?>) c).name().equals(constant));
    }
    if (!exists) {
      throw new Unrebuildable(
          "enum "
              + type.canonical()
              + " has no constant "
              + JavaLiterals.commentSafe(constant, 60));
    }
    context.checkAccessible(type);
    return context.imports.use(type) + "." + constant;
  }

  JType parameterType(Parameter parameter, Scope scope) {
    return context.parameterType(parameter, scope);
  }

  /** Whether the test may call {@code member} of {@code owner}. */
  boolean accessible(NodeWithAccessModifiers<?> member, SourceType owner) {
    return context.accessible(member, owner);
  }
}

package dev.kintsugi.java.repro;

import com.github.javaparser.ast.Modifier;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.nodeTypes.modifiers.NodeWithAccessModifiers;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import dev.kintsugi.java.repro.JType.Declared;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Turns one captured value back into Java source for its declared type: an expression, plus the
 * statements it needs (collections, maps and setter-built objects become local variables, so every
 * diamond has a typed target and every {@code null} a type). Event data only ever ends up inside
 * literals; identifiers come from the project's sources.
 */
final class ValueBuilder {

  private static final String CLASS_KEY = "@class";
  private static final Declared OBJECT_MAPPER =
      new Declared(
          "com.fasterxml.jackson.databind.ObjectMapper",
          Optional.of("com.fasterxml.jackson.databind"),
          "com.fasterxml.jackson.databind.ObjectMapper",
          "ObjectMapper",
          List.of(),
          Optional.empty(),
          Optional.empty());

  private static final Map<String, Class<?>> COLLECTIONS =
      Map.ofEntries(
          Map.entry("java.lang.Iterable", ArrayList.class),
          Map.entry("java.util.Collection", ArrayList.class),
          Map.entry("java.util.List", ArrayList.class),
          Map.entry("java.util.ArrayList", ArrayList.class),
          Map.entry("java.util.LinkedList", LinkedList.class),
          Map.entry("java.util.concurrent.CopyOnWriteArrayList", CopyOnWriteArrayList.class),
          Map.entry("java.util.Set", LinkedHashSet.class),
          Map.entry("java.util.LinkedHashSet", LinkedHashSet.class),
          Map.entry("java.util.HashSet", HashSet.class),
          Map.entry("java.util.SortedSet", TreeSet.class),
          Map.entry("java.util.NavigableSet", TreeSet.class),
          Map.entry("java.util.TreeSet", TreeSet.class),
          Map.entry("java.util.Queue", ArrayDeque.class),
          Map.entry("java.util.Deque", ArrayDeque.class),
          Map.entry("java.util.ArrayDeque", ArrayDeque.class));

  private static final Map<String, Class<?>> MAPS =
      Map.of(
          "java.util.Map", LinkedHashMap.class,
          "java.util.LinkedHashMap", LinkedHashMap.class,
          "java.util.HashMap", HashMap.class,
          "java.util.SortedMap", TreeMap.class,
          "java.util.NavigableMap", TreeMap.class,
          "java.util.TreeMap", TreeMap.class,
          "java.util.concurrent.ConcurrentMap", ConcurrentHashMap.class,
          "java.util.concurrent.ConcurrentHashMap", ConcurrentHashMap.class);

  /** Implementations that throw on null elements (or, for maps, null values). */
  private static final Set<Class<?>> NO_NULLS =
      Set.of(TreeSet.class, ArrayDeque.class, ConcurrentHashMap.class);

  private static final Map<String, String> BOXES =
      Map.of(
          "java.lang.Boolean", "boolean",
          "java.lang.Character", "char",
          "java.lang.Byte", "byte",
          "java.lang.Short", "short",
          "java.lang.Integer", "int",
          "java.lang.Long", "long",
          "java.lang.Float", "float",
          "java.lang.Double", "double");

  /** Types declared as these hold whatever the snapshot says, if it says so unambiguously. */
  private static final Set<String> DYNAMIC =
      Set.of(
          "java.lang.Object",
          "java.io.Serializable",
          "java.lang.Comparable",
          "java.lang.CharSequence");

  /** Value types the agent sends as {@code {"@class": fqcn, "value": toString()}}. */
  private static final Map<String, TextFactory> TEXT_VALUES =
      Map.ofEntries(
          Map.entry("java.math.BigDecimal", new TextFactory(BigDecimal.class, "", BigDecimal::new)),
          Map.entry("java.math.BigInteger", new TextFactory(BigInteger.class, "", BigInteger::new)),
          Map.entry("java.util.UUID", new TextFactory(UUID.class, "fromString", UUID::fromString)),
          Map.entry("java.time.Instant", new TextFactory(Instant.class, "parse", Instant::parse)),
          Map.entry(
              "java.time.LocalDate", new TextFactory(LocalDate.class, "parse", LocalDate::parse)),
          Map.entry(
              "java.time.LocalDateTime",
              new TextFactory(LocalDateTime.class, "parse", LocalDateTime::parse)),
          Map.entry(
              "java.time.LocalTime", new TextFactory(LocalTime.class, "parse", LocalTime::parse)),
          Map.entry(
              "java.time.OffsetDateTime",
              new TextFactory(OffsetDateTime.class, "parse", OffsetDateTime::parse)),
          Map.entry(
              "java.time.OffsetTime",
              new TextFactory(OffsetTime.class, "parse", OffsetTime::parse)),
          Map.entry(
              "java.time.ZonedDateTime",
              new TextFactory(ZonedDateTime.class, "parse", ZonedDateTime::parse)),
          Map.entry(
              "java.time.Duration", new TextFactory(Duration.class, "parse", Duration::parse)),
          Map.entry("java.time.Period", new TextFactory(Period.class, "parse", Period::parse)),
          Map.entry("java.time.Year", new TextFactory(Year.class, "parse", Year::parse)),
          Map.entry(
              "java.time.YearMonth", new TextFactory(YearMonth.class, "parse", YearMonth::parse)),
          Map.entry(
              "java.time.MonthDay", new TextFactory(MonthDay.class, "parse", MonthDay::parse)),
          Map.entry("java.time.ZoneId", new TextFactory(ZoneId.class, "of", ZoneId::of)),
          // ZoneId's runtime class is the JDK-internal ZoneRegion.
          Map.entry("java.time.ZoneRegion", new TextFactory(ZoneId.class, "of", ZoneId::of)),
          Map.entry(
              "java.time.ZoneOffset", new TextFactory(ZoneOffset.class, "of", ZoneOffset::of)));

  private static final int MAX_SUPERCLASSES = 16;
  private static final int MAX_LITERAL_CHARS = 16_000;

  private final TypeResolver types;
  private final Imports imports;
  private final TestBody body;
  private final String testPackage;
  private final boolean jackson;
  private boolean rawTypes;
  private final Set<String> notes = new LinkedHashSet<>();

  ValueBuilder(
      TypeResolver types, Imports imports, TestBody body, String testPackage, boolean jackson) {
    this.types = types;
    this.imports = imports;
    this.body = body;
    this.testPackage = testPackage;
    this.jackson = jackson;
  }

  /** Approximations made while building, for the result's notes. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** Whether some generated code uses a generic class raw (the test then suppresses warnings). */
  boolean usedRawTypes() {
    return rawTypes;
  }

  /**
   * A local variable of {@code type} named after {@code hint}, holding {@code value}.
   *
   * @throws Unrebuildable when the value cannot be rebuilt
   */
  String local(JType type, Object value, String hint) {
    String expression = build(type, value, hint);
    return body.isLocal(expression)
        ? expression
        : body.declare(imports.render(type), hint, expression);
  }

  /** An expression of {@code type} equal to {@code value}. */
  String build(JType type, Object value, String hint) {
    if (type instanceof JType.Primitive primitive) {
      return primitive(primitive.name(), value, type);
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
      return array(array, value, hint);
    }
    return declared((Declared) type, value, hint);
  }

  private String declared(Declared type, Object value, String hint) {
    String name = type.canonical();
    if (BOXES.containsKey(name)) {
      return primitive(BOXES.get(name), value, type);
    }
    if (name.equals("java.lang.String")) {
      return string(value, type);
    }
    if (DYNAMIC.contains(name) || name.equals("java.lang.Number")) {
      return dynamic(type, value, hint);
    }
    if (TEXT_VALUES.containsKey(name)) {
      return text(TEXT_VALUES.get(name), value, type);
    }
    if (type.isEnum()) {
      return enumConstant(type, value);
    }
    if (COLLECTIONS.containsKey(name)) {
      return collection(type, COLLECTIONS.get(name), value, hint);
    }
    if (MAPS.containsKey(name)) {
      return map(type, MAPS.get(name), value, hint);
    }
    if (name.equals("java.util.Optional")) {
      return optional(type, value, hint);
    }
    if (value instanceof Map<?, ?> fields) {
      return object(type, fields, hint);
    }
    throw mismatch(type);
  }

  private String primitive(String kind, Object value, JType type) {
    switch (kind) {
      case "boolean":
        if (value instanceof Boolean flag) {
          return flag.toString();
        }
        break;
      case "char":
        if (value instanceof String text && text.length() == 1) {
          return JavaLiterals.character(text.charAt(0));
        }
        break;
      case "float":
      case "double":
        return floating(kind, value, type);
      default:
        return integral(kind, value, type);
    }
    throw mismatch(type);
  }

  private String integral(String kind, Object value, JType type) {
    BigDecimal decimal = JavaLiterals.decimal(value);
    if (decimal == null) {
      throw mismatch(type);
    }
    long min;
    long max;
    switch (kind) {
      case "byte" -> {
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
      }
      case "short" -> {
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
      }
      case "int" -> {
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
      }
      case "long" -> {
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
      }
      default -> throw mismatch(type);
    }
    BigInteger exact;
    try {
      exact = decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw mismatch(type);
    }
    if (exact.compareTo(BigInteger.valueOf(min)) < 0
        || exact.compareTo(BigInteger.valueOf(max)) > 0) {
      throw mismatch(type);
    }
    long number = exact.longValue();
    return switch (kind) {
      case "long" -> JavaLiterals.longLiteral(number);
      case "int" -> Long.toString(number);
      default -> "(" + kind + ") " + number;
    };
  }

  private String floating(String kind, Object value, JType type) {
    boolean isFloat = kind.equals("float");
    if (value instanceof String text) {
      String constant =
          switch (text) {
            case "NaN" -> "NaN";
            case "Infinity" -> "POSITIVE_INFINITY";
            case "-Infinity" -> "NEGATIVE_INFINITY";
            default -> throw mismatch(type);
          };
      return imports.use(isFloat ? Float.class : Double.class) + "." + constant;
    }
    BigDecimal decimal = JavaLiterals.decimal(value);
    if (decimal == null) {
      throw mismatch(type);
    }
    if (isFloat) {
      float number = decimal.floatValue();
      if (Float.isInfinite(number)) {
        throw mismatch(type);
      }
      return JavaLiterals.floatLiteral(number);
    }
    double number = decimal.doubleValue();
    if (Double.isInfinite(number)) {
      throw mismatch(type);
    }
    return JavaLiterals.doubleLiteral(number);
  }

  private String string(Object value, JType type) {
    if (value instanceof String text) {
      return literal(text);
    }
    throw mismatch(type);
  }

  /** A string literal; javac refuses constants over 65535 UTF-8 bytes, so long text is refused. */
  private static String literal(String text) {
    if (text.length() > MAX_LITERAL_CHARS) {
      throw new Unrebuildable("holds a string too long to inline (" + text.length() + " chars)");
    }
    return JavaLiterals.string(text);
  }

  /** Declared as Object, Number, ...: only values whose runtime class the snapshot tells. */
  private String dynamic(Declared type, Object value, String hint) {
    if (value instanceof String text && !type.canonical().equals("java.lang.Number")) {
      return literal(text);
    }
    if (value instanceof Boolean flag && !type.canonical().equals("java.lang.Number")) {
      return flag.toString();
    }
    if (value instanceof Map<?, ?> fields && fields.get(CLASS_KEY) instanceof String) {
      return object(type, fields, hint);
    }
    throw new Unrebuildable(
        "the runtime class of a value declared as " + type.canonical() + " is unknown");
  }

  private String text(TextFactory factory, Object value, JType type) {
    Object text = value instanceof Map<?, ?> object ? object.get("value") : value;
    if (text instanceof Number number && JavaLiterals.decimal(number) != null) {
      text = JavaLiterals.decimal(number).toString();
    }
    if (!(text instanceof String string)) {
      throw mismatch(type);
    }
    try {
      factory.parse().apply(string);
    } catch (RuntimeException e) {
      throw new Unrebuildable("holds an unparsable " + factory.type().getName());
    }
    String owner = imports.use(factory.type());
    String literal = literal(string);
    return factory.method().isEmpty()
        ? "new " + owner + "(" + literal + ")"
        : owner + "." + factory.method() + "(" + literal + ")";
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
    checkAccessible(type);
    return imports.use(type) + "." + constant;
  }

  private String array(JType.ArrayOf type, Object value, String hint) {
    if (!(value instanceof List<?> elements)) {
      throw mismatch(type);
    }
    if (type.component() instanceof Declared component && !component.args().isEmpty()) {
      throw new Unrebuildable("generic array type " + imports.render(type) + " cannot be created");
    }
    List<String> parts = new ArrayList<>();
    for (Object element : elements) {
      parts.add(build(type.component(), element, hint + "Element"));
    }
    return "new " + imports.renderRaw(type) + " {" + String.join(", ", parts) + "}";
  }

  private String collection(Declared type, Class<?> implementation, Object value, String hint) {
    if (!(value instanceof List<?> elements)) {
      throw mismatch(type);
    }
    if (NO_NULLS.contains(implementation) && elements.contains(null)) {
      throw new Unrebuildable("holds null in a " + type.canonical() + ", which refuses nulls");
    }
    JType elementType = type.arg(0);
    List<String> parts = new ArrayList<>();
    for (Object element : elements) {
      parts.add(build(elementType, element, hint + "Item"));
    }
    String created = "new " + imports.use(implementation) + "<>(";
    if (!parts.isEmpty()) {
      // A witness keeps a lone array element from being spread as the varargs array.
      String witness =
          elementType instanceof JType.ArrayOf ? "<" + imports.render(elementType) + ">" : "";
      created += imports.use(Arrays.class) + "." + witness + "asList(" + String.join(", ", parts);
      created += ")";
    }
    return body.declare(imports.render(type), hint, created + ")");
  }

  private String map(Declared type, Class<?> implementation, Object value, String hint) {
    if (!(value instanceof Map<?, ?> entries)) {
      throw mismatch(type);
    }
    if (NO_NULLS.contains(implementation) && entries.containsValue(null)) {
      throw new Unrebuildable("holds a null value in a " + type.canonical());
    }
    String name =
        body.declare(imports.render(type), hint, "new " + imports.use(implementation) + "<>()");
    JType keyType = type.args().isEmpty() ? Declared.jdk(String.class) : type.arg(0);
    for (Map.Entry<?, ?> entry : entries.entrySet()) {
      String key = build(keyType, key(keyType, String.valueOf(entry.getKey())), hint + "Key");
      String element = build(type.arg(1), entry.getValue(), hint + "Value");
      body.add(name + ".put(" + key + ", " + element + ");");
    }
    return name;
  }

  /** Map keys arrive as strings; numbers and booleans are parsed back for their key type. */
  private static Object key(JType keyType, String key) {
    String name =
        keyType instanceof Declared declared
            ? declared.canonical()
            : keyType instanceof JType.Primitive p ? p.name() : "";
    String kind = BOXES.getOrDefault(name, name);
    try {
      return switch (kind) {
        case "byte", "short", "int", "long" -> new BigDecimal(key);
        case "float", "double" ->
            key.equals("NaN") || key.endsWith("Infinity") ? key : new BigDecimal(key);
        case "boolean" -> {
          if (!key.equals("true") && !key.equals("false")) {
            throw new Unrebuildable("holds a map key that is not a boolean");
          }
          yield Boolean.valueOf(key);
        }
        default -> key;
      };
    } catch (NumberFormatException e) {
      throw new Unrebuildable("holds a map key that is not a number");
    }
  }

  private String optional(Declared type, Object value, String hint) {
    if (!(value instanceof Map<?, ?> fields)) {
      throw mismatch(type);
    }
    String optional = imports.use(Optional.class);
    Object content = fields.get("value");
    if (content == null) {
      return optional + ".empty()";
    }
    return optional + ".of(" + build(type.arg(0), content, hint + "Value") + ")";
  }

  /** An object snapshot: {@code {"@class": name, field: value, ...}}. */
  private String object(Declared declared, Map<?, ?> snapshot, String hint) {
    if (snapshot.get(CLASS_KEY) instanceof String className
        && !className.equals(declared.binaryName())
        && TEXT_VALUES.containsKey(className)) {
      return text(TEXT_VALUES.get(className), snapshot, declared);
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
    checkAccessible(concrete);
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
      built = viaSetters(concrete, declared, fields, hint);
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
    Optional<Declared> concrete = types.byBinaryName(className);
    if (concrete.isEmpty()) {
      throw new Unrebuildable(
          "class " + JavaLiterals.commentSafe(className, 200) + " not found in the main sources");
    }
    if (concrete.get().isEnum() || COLLECTIONS.containsKey(concrete.get().canonical())) {
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
      args.add(build(parameterType(component, scope), fields.get(name), name));
    }
    if (fields.size() != record.getParameters().size()) {
      throw new Unrebuildable(
          "the snapshot of " + concrete.canonical() + " has fields the record does not declare");
    }
    return "new " + creation(concrete, declared) + "(" + String.join(", ", args) + ")";
  }

  /** A constructor whose parameter names are exactly the snapshot's fields. */
  private Optional<String> viaConstructor(
      Declared concrete, Declared declared, Map<String, Object> fields) {
    SourceType source = concrete.source().orElseThrow();
    ClassOrInterfaceDeclaration type = (ClassOrInterfaceDeclaration) source.declaration();
    for (ConstructorDeclaration constructor : type.getConstructors()) {
      NodeList<Parameter> parameters = constructor.getParameters();
      if (!accessible(constructor, source)
          || parameters.size() != fields.size()
          || !parameters.stream().allMatch(p -> fields.containsKey(p.getNameAsString()))) {
        continue;
      }
      Scope scope = Scope.of(source).with(constructor);
      List<String> args = new ArrayList<>();
      for (Parameter parameter : parameters) {
        String name = parameter.getNameAsString();
        args.add(build(parameterType(parameter, scope), fields.get(name), name));
      }
      return Optional.of(
          "new " + creation(concrete, declared) + "(" + String.join(", ", args) + ")");
    }
    if (fields.isEmpty() && type.getConstructors().isEmpty()) {
      return Optional.of("new " + creation(concrete, declared) + "()");
    }
    return Optional.empty();
  }

  /** An accessible no-argument constructor, then {@code setX(...)} for every field. */
  private Optional<String> viaSetters(
      Declared concrete, Declared declared, Map<String, Object> fields, String hint) {
    SourceType source = concrete.source().orElseThrow();
    ClassOrInterfaceDeclaration type = (ClassOrInterfaceDeclaration) source.declaration();
    boolean noArgs =
        type.getConstructors().isEmpty()
            || type.getConstructors().stream()
                .anyMatch(c -> c.getParameters().isEmpty() && accessible(c, source));
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
    String localType =
        concrete.canonical().equals(declared.canonical())
            ? imports.render(declared)
            : imports.use(concrete);
    if (!concrete.canonical().equals(declared.canonical()) && concrete.isGeneric()) {
      rawTypes = true;
    }
    String name = body.declare(localType, hint, "new " + creation(concrete, declared) + "()");
    int i = 0;
    for (Object value : fields.values()) {
      Setter setter = setters.get(i++);
      String argument =
          build(setter.type(), value, setter.method().getParameter(0).getNameAsString());
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
            && accessible(method, current)) {
          Scope scope = Scope.of(current).with(method);
          return Optional.of(new Setter(method, parameterType(method.getParameter(0), scope)));
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
    return types.resolve(extended, Scope.of(type)) instanceof Declared parent
        ? parent.source()
        : Optional.empty();
  }

  private Optional<String> viaJackson(Declared concrete, Map<?, ?> snapshot) {
    if (!jackson || concrete.jdk().isPresent()) {
      return Optional.empty();
    }
    String json = SnapshotJson.write(snapshot);
    notes.add(
        "rebuilt "
            + concrete.canonical()
            + " with Jackson: if Jackson cannot bind its fields the test fails differently");
    return Optional.of(
        "new "
            + imports.use(OBJECT_MAPPER)
            + "().readValue("
            + literal(json)
            + ", "
            + imports.use(concrete)
            + ".class)");
  }

  /** {@code Box<>} when the target is typed, else the (possibly raw) class name. */
  private String creation(Declared concrete, Declared declared) {
    String name = imports.use(concrete);
    if (!concrete.isGeneric()) {
      return name;
    }
    if (concrete.canonical().equals(declared.canonical()) && !declared.args().isEmpty()) {
      return name + "<>";
    }
    rawTypes = true;
    return name;
  }

  JType parameterType(Parameter parameter, Scope scope) {
    JType type = types.resolve(parameter.getType(), scope);
    return parameter.isVarArgs() ? new JType.ArrayOf(type) : type;
  }

  /** Whether the test (in {@code testPackage}) may call {@code member} of {@code owner}. */
  boolean accessible(NodeWithAccessModifiers<?> member, SourceType owner) {
    if (member.hasModifier(Modifier.Keyword.PRIVATE)) {
      return false;
    }
    if (owner.packageName().equals(testPackage)) {
      return true;
    }
    return member.hasModifier(Modifier.Keyword.PUBLIC) && owner.isPublicChain()
        || isInterfaceMember(member, owner);
  }

  private static boolean isInterfaceMember(NodeWithAccessModifiers<?> member, SourceType owner) {
    return owner.declaration() instanceof ClassOrInterfaceDeclaration type
        && type.isInterface()
        && owner.isPublicChain()
        && member instanceof CallableDeclaration<?>;
  }

  private void checkAccessible(Declared type) {
    if (type.source().isEmpty()) {
      return;
    }
    SourceType source = type.source().get();
    if (source.hasPrivateLink()) {
      throw new Unrebuildable("private class " + source.canonicalName());
    }
    if (source.hasInnerLink()) {
      throw new Unrebuildable("non-static inner class " + source.canonicalName());
    }
    if (!source.packageName().equals(testPackage) && !source.isPublicChain()) {
      throw new Unrebuildable(source.canonicalName() + " is not public");
    }
  }

  private Unrebuildable mismatch(JType type) {
    return new Unrebuildable("the captured value does not fit type " + describe(type));
  }

  private static String describe(JType type) {
    if (type instanceof Declared declared) {
      return declared.canonical();
    }
    if (type instanceof JType.Primitive primitive) {
      return primitive.name();
    }
    if (type instanceof JType.ArrayOf array) {
      return describe(array.component()) + "[]";
    }
    return type.toString();
  }

  /** How a text-valued type is created: {@code new T(text)} or {@code T.method(text)}. */
  private record TextFactory(Class<?> type, String method, Function<String, Object> parse) {}
}

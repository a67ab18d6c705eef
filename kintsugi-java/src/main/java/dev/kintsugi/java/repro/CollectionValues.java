package dev.kintsugi.java.repro;

import static dev.kintsugi.java.repro.ValueContext.mismatch;

import dev.kintsugi.java.repro.JType.Declared;
import java.math.BigDecimal;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Rebuilds arrays, collections, maps and {@code Optional}s element by element. A collection or map
 * becomes a local variable of its declared type, so its diamond has a typed target.
 */
final class CollectionValues {

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

  private final ValueBuilder values;
  private final Imports imports;
  private final TestBody body;

  CollectionValues(ValueBuilder values, ValueContext context) {
    this.values = values;
    this.imports = context.imports;
    this.body = context.body;
  }

  static boolean isCollection(String canonical) {
    return COLLECTIONS.containsKey(canonical);
  }

  static boolean isMap(String canonical) {
    return MAPS.containsKey(canonical);
  }

  String array(JType.ArrayOf type, Object value, String hint) {
    if (!(value instanceof List<?> elements)) {
      throw mismatch(type);
    }
    if (type.component() instanceof Declared component && !component.args().isEmpty()) {
      throw new Unrebuildable("generic array type " + imports.render(type) + " cannot be created");
    }
    List<String> parts = new ArrayList<>();
    for (Object element : elements) {
      parts.add(values.build(type.component(), element, hint + "Element"));
    }
    return "new " + imports.renderRaw(type) + " {" + String.join(", ", parts) + "}";
  }

  String collection(Declared type, Object value, String hint) {
    Class<?> implementation = COLLECTIONS.get(type.canonical());
    if (!(value instanceof List<?> elements)) {
      throw mismatch(type);
    }
    if (NO_NULLS.contains(implementation) && elements.contains(null)) {
      throw new Unrebuildable("holds null in a " + type.canonical() + ", which refuses nulls");
    }
    JType elementType = type.arg(0);
    List<String> parts = new ArrayList<>();
    for (Object element : elements) {
      parts.add(values.build(elementType, element, hint + "Item"));
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

  String map(Declared type, Object value, String hint) {
    Class<?> implementation = MAPS.get(type.canonical());
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
      String key =
          values.build(keyType, key(keyType, String.valueOf(entry.getKey())), hint + "Key");
      String element = values.build(type.arg(1), entry.getValue(), hint + "Value");
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
    String kind = PrimitiveValues.unbox(name);
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

  String optional(Declared type, Object value, String hint) {
    if (!(value instanceof Map<?, ?> fields)) {
      throw mismatch(type);
    }
    String optional = imports.use(Optional.class);
    Object content = fields.get("value");
    if (content == null) {
      return optional + ".empty()";
    }
    return optional + ".of(" + values.build(type.arg(0), content, hint + "Value") + ")";
  }
}

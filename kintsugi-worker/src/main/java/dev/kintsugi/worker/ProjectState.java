package dev.kintsugi.worker;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The mutable state of a project's own code inside a warm session, captured once and put back after
 * every candidate: the static fields of the project's classes, the fields of every object of a
 * project class reachable from them or from the given roots (the singleton beans of Spring's cached
 * contexts), and the contents of the JDK collections, maps, arrays and atomics on the way. Objects
 * of library classes are shared as they are (the state inside them is not tracked), exactly as
 * Spring shares a cached context between the test classes of one Surefire run.
 *
 * <p>Written by hand rather than with a serialization or cloning library: restoring must put the
 * <em>same</em> objects back into the same fields (the context and the beans keep their identity),
 * not build copies of them.
 */
final class ProjectState {

  /** More reachable objects than this and the state is not tracked (the session is not warm). */
  static final int MAX_OBJECTS = 200_000;

  private final Predicate<Class<?>> isProjectClass;
  private final List<FieldValue> fields = new ArrayList<>();
  private final List<Contents> contents = new ArrayList<>();
  private final Map<Object, Boolean> visited = new IdentityHashMap<>();
  private final Map<Class<?>, Boolean> statics = new IdentityHashMap<>();
  private final Deque<Object> pending = new ArrayDeque<>();

  private ProjectState(Predicate<Class<?>> isProjectClass) {
    this.isProjectClass = isProjectClass;
  }

  /** A value of a field to put back: {@code owner} is null for a static field. */
  private record FieldValue(Object owner, Field field, Object value) {}

  /** The contents of a collection, map, array or atomic to put back. */
  private record Contents(Object container, Object copy) {}

  /** The state cannot be tracked: too large, or a field cannot be read. */
  static final class UntrackableException extends Exception {
    UntrackableException(String message) {
      super(message);
    }
  }

  /**
   * Captures the state reachable from the static fields of {@code classes} (only those already
   * initialized: reading a field would run a class initializer early) and from {@code roots}.
   *
   * @param isProjectClass whether a class is the project's own (from its class directories)
   */
  static ProjectState capture(
      Collection<Class<?>> classes, Collection<Object> roots, Predicate<Class<?>> isProjectClass)
      throws UntrackableException {
    ProjectState state = new ProjectState(isProjectClass);
    for (Class<?> type : classes) {
      if (!initialized(type)) {
        continue;
      }
      state.statics.put(type, Boolean.TRUE);
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          state.field(null, field);
        }
      }
    }
    roots.forEach(state::reach);
    state.drain();
    return state;
  }

  private void drain() throws UntrackableException {
    while (!pending.isEmpty()) {
      if (visited.size() > MAX_OBJECTS) {
        throw new UntrackableException(
            "more than " + MAX_OBJECTS + " objects reachable from the project's state");
      }
      Object object = pending.removeFirst();
      try {
        walk(object);
      } catch (RuntimeException e) {
        // E.g. a collection changed by a background thread while being copied.
        throw new UntrackableException(
            "cannot read an object of " + object.getClass().getName() + ": " + e);
      }
    }
  }

  private void walk(Object object) throws UntrackableException {
    Class<?> type = object.getClass();
    if (type.isArray()) {
      contents.add(new Contents(object, copyOfArray(object)));
      if (!type.getComponentType().isPrimitive()) {
        for (Object element : (Object[]) object) {
          reach(element);
        }
      }
    } else if (object instanceof Collection<?> collection) {
      List<Object> copy = new ArrayList<>(collection);
      contents.add(new Contents(object, copy));
      copy.forEach(this::reach);
    } else if (object instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>(map);
      contents.add(new Contents(object, copy));
      copy.forEach(
          (key, value) -> {
            reach(key);
            reach(value);
          });
    } else if (object instanceof AtomicInteger atomic) {
      contents.add(new Contents(object, atomic.get()));
    } else if (object instanceof AtomicLong atomic) {
      contents.add(new Contents(object, atomic.get()));
    } else if (object instanceof AtomicBoolean atomic) {
      contents.add(new Contents(object, atomic.get()));
    } else if (object instanceof AtomicReference<?> atomic) {
      Object value = atomic.get();
      contents.add(new Contents(object, new Object[] {value}));
      reach(value);
    } else {
      for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
        if (isProjectClass.test(c)) {
          for (Field field : c.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
              field(object, field);
            }
          }
        }
      }
    }
  }

  /** Records a field's value (unless final: then it cannot change) and follows it. */
  private void field(Object owner, Field field) throws UntrackableException {
    Object value;
    try {
      field.setAccessible(true);
      value = field.get(owner);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new UntrackableException("cannot read " + field + ": " + e);
    }
    if (!Modifier.isFinal(field.getModifiers())) {
      fields.add(new FieldValue(owner, field, value));
    }
    reach(value);
  }

  /** Queues an object whose state is tracked: the project's objects and the JDK's containers. */
  private void reach(Object value) {
    if (value == null || visited.containsKey(value) || !tracked(value)) {
      return;
    }
    visited.put(value, Boolean.TRUE);
    pending.addLast(value);
  }

  private boolean tracked(Object value) {
    Class<?> type = value.getClass();
    if (type.isArray()) {
      return true;
    }
    String name = type.getName();
    if (name.startsWith("java.util.")
        && (value instanceof Collection<?> || value instanceof Map<?, ?>)) {
      return true;
    }
    if (name.startsWith("java.util.concurrent.atomic.Atomic") && !name.contains("Array")) {
      return true;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (isProjectClass.test(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Puts every captured value back where it was changed.
   *
   * @return what could not be put back (empty when the state is as captured)
   */
  List<String> restore() {
    List<String> problems = new ArrayList<>();
    for (FieldValue saved : fields) {
      try {
        Object now = saved.field().get(saved.owner());
        boolean changed =
            saved.field().getType().isPrimitive()
                ? !Objects.equals(now, saved.value())
                : now != saved.value();
        if (changed) {
          saved.field().set(saved.owner(), saved.value());
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        problems.add("cannot reset " + saved.field() + ": " + e);
      }
    }
    for (Contents saved : contents) {
      try {
        restore(saved.container(), saved.copy());
      } catch (RuntimeException e) {
        problems.add(
            "cannot reset the contents of a " + saved.container().getClass().getName() + ": " + e);
      }
    }
    return problems;
  }

  @SuppressWarnings("unchecked")
  private static void restore(Object container, Object copy) {
    if (container.getClass().isArray()) {
      int length = Array.getLength(copy);
      System.arraycopy(copy, 0, container, 0, length);
    } else if (container instanceof List<?> list) {
      List<Object> saved = (List<Object>) copy;
      if (!sameElements(list, saved)) {
        List<Object> target = (List<Object>) list;
        if (target.size() == saved.size()) {
          for (int i = 0; i < saved.size(); i++) {
            target.set(i, saved.get(i)); // also for fixed-size lists (Arrays.asList)
          }
        } else {
          target.clear();
          target.addAll(saved);
        }
      }
    } else if (container instanceof Collection<?> collection) {
      List<Object> saved = (List<Object>) copy;
      if (!sameElements(collection, saved)) {
        collection.clear();
        ((Collection<Object>) collection).addAll(saved);
      }
    } else if (container instanceof Map<?, ?> map) {
      Map<Object, Object> saved = (Map<Object, Object>) copy;
      if (!sameEntries(map, saved)) {
        map.clear();
        ((Map<Object, Object>) map).putAll(saved);
      }
    } else if (container instanceof AtomicInteger atomic) {
      atomic.set((Integer) copy);
    } else if (container instanceof AtomicLong atomic) {
      atomic.set((Long) copy);
    } else if (container instanceof AtomicBoolean atomic) {
      atomic.set((Boolean) copy);
    } else if (container instanceof AtomicReference<?> atomic) {
      ((AtomicReference<Object>) atomic).set(((Object[]) copy)[0]);
    }
  }

  private static boolean sameElements(Collection<?> now, List<Object> saved) {
    if (now.size() != saved.size()) {
      return false;
    }
    Iterator<?> it = now.iterator();
    for (Object element : saved) {
      if (!it.hasNext() || it.next() != element) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameEntries(Map<?, ?> now, Map<Object, Object> saved) {
    if (now.size() != saved.size()) {
      return false;
    }
    for (Map.Entry<?, ?> entry : now.entrySet()) {
      if (!saved.containsKey(entry.getKey()) || saved.get(entry.getKey()) != entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Object copyOfArray(Object array) {
    int length = Array.getLength(array);
    Object copy = Array.newInstance(array.getClass().getComponentType(), length);
    System.arraycopy(array, 0, copy, 0, length);
    return copy;
  }

  /**
   * Whether a class initialized after the capture holds state of its own that this capture cannot
   * put back: a static field that is not final, or a final one holding a container or an object of
   * the project with fields that can change. Its initializer ran during a candidate, so the session
   * cannot be reset to the state before it.
   */
  boolean holdsState(Class<?> type) {
    if (!initialized(type)) {
      return false;
    }
    for (Field field : type.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (!Modifier.isStatic(modifiers) || field.isSynthetic()) {
        continue;
      }
      if (!Modifier.isFinal(modifiers)) {
        return true;
      }
      try {
        field.setAccessible(true);
        Object value = field.get(null);
        if (value != null && tracked(value) && !immutableProjectObject(value)) {
          return true;
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        return true;
      }
    }
    return false;
  }

  /** An object of a project class (e.g. an enum constant) whose fields are all final. */
  private boolean immutableProjectObject(Object value) {
    Class<?> type = value.getClass();
    if (type.isArray()
        || value instanceof Collection<?>
        || value instanceof Map<?, ?>
        || type.getName().startsWith("java.")) {
      return false;
    }
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (isProjectClass.test(c)) {
        for (Field field : c.getDeclaredFields()) {
          int modifiers = field.getModifiers();
          if (!Modifier.isStatic(modifiers) && !Modifier.isFinal(modifiers)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /** Whether the capture holds the static fields of {@code type}. */
  boolean capturedStaticsOf(Class<?> type) {
    return statics.containsKey(type);
  }

  /** How many objects the capture tracks. */
  int objects() {
    return visited.size();
  }

  private static final Method SHOULD_BE_INITIALIZED = shouldBeInitialized();
  private static final Object UNSAFE = unsafe();

  /**
   * Whether the class's initializer has run. The JDK answers only through {@code
   * sun.misc.Unsafe.shouldBeInitialized} (module jdk.unsupported); without it every class counts as
   * initialized, which reads its statics and so initializes it early.
   */
  static boolean initialized(Class<?> type) {
    if (SHOULD_BE_INITIALIZED == null) {
      return true;
    }
    try {
      return !(Boolean) SHOULD_BE_INITIALIZED.invoke(UNSAFE, type);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true;
    }
  }

  private static Method shouldBeInitialized() {
    try {
      return Class.forName("sun.misc.Unsafe").getMethod("shouldBeInitialized", Class.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Object unsafe() {
    try {
      Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }
}

package dev.kintsugi.agent.internal.snapshot;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fields a snapshot shows of one class, worked out once per class: a record's components in
 * order; otherwise the non-static, non-transient, non-synthetic instance fields of the class, then
 * of each superclass (a field hidden by a subclass field of the same name is left out). A field
 * whose access is refused (JDK internals in named modules) keeps its place with a null {@link
 * Field}, to be shown as unreadable.
 */
final class FieldPlan {
  private static final ClassValue<FieldPlan> PLANS =
      new ClassValue<FieldPlan>() {
        @Override
        protected FieldPlan computeValue(Class<?> type) {
          return of(type);
        }
      };

  /** {@code Class.isRecord()}, absent before Java 16 (the agent is compiled for 11). */
  private static final Method IS_RECORD = method(Class.class, "isRecord");

  private static final Method RECORD_COMPONENTS = method(Class.class, "getRecordComponents");

  final String[] names;
  final Field[] fields;

  /** True when the class's fields could not even be listed. */
  final boolean unreadable;

  private FieldPlan(String[] names, Field[] fields, boolean unreadable) {
    this.names = names;
    this.fields = fields;
    this.unreadable = unreadable;
  }

  static FieldPlan forClass(Class<?> type) {
    return PLANS.get(type);
  }

  private static FieldPlan of(Class<?> type) {
    try {
      List<String> names = new ArrayList<>();
      List<Field> fields = new ArrayList<>();
      if (isRecord(type)) {
        for (String component : recordComponents(type)) {
          names.add(component);
          fields.add(accessible(type.getDeclaredField(component)));
        }
      } else {
        Set<String> seen = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) || Modifier.isTransient(m) || f.isSynthetic()) {
              continue;
            }
            if (seen.add(f.getName())) {
              names.add(f.getName());
              fields.add(accessible(f));
            }
          }
        }
      }
      return new FieldPlan(names.toArray(new String[0]), fields.toArray(new Field[0]), false);
    } catch (Throwable t) {
      return new FieldPlan(new String[0], new Field[0], true);
    }
  }

  /** The field made accessible, or null when that is refused. */
  private static Field accessible(Field f) {
    try {
      return f.trySetAccessible() ? f : null;
    } catch (Throwable t) {
      return null;
    }
  }

  private static boolean isRecord(Class<?> type) {
    try {
      return IS_RECORD != null && (Boolean) IS_RECORD.invoke(type);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static List<String> recordComponents(Class<?> type) throws ReflectiveOperationException {
    Object[] components = (Object[]) RECORD_COMPONENTS.invoke(type);
    List<String> names = new ArrayList<>();
    if (components.length > 0) {
      Method getName = components[0].getClass().getMethod("getName");
      for (Object c : components) {
        names.add((String) getName.invoke(c));
      }
    }
    return names;
  }

  private static Method method(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}

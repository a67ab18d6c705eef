package dev.kintsugi.agent.internal.snapshot;

import dev.kintsugi.agent.internal.json.JsonWriter;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the {@code vars} of a frame: {@code this} and the arguments, in the format of the package
 * documentation ("Argument snapshots"). Runs on the throwing thread, so it is bounded by {@link
 * SnapshotLimits}, reads fields by reflection, and calls no user {@code toString}, {@code hashCode}
 * or {@code equals} except where the format says so (CharSequences, map keys, iteration of
 * collections and maps). Whatever fails while reading a value makes that value unreadable, never
 * the snapshot. Thread-safe.
 */
public final class Snapshotter {
  public static final String DEPTH = "<kintsugi:depth>";
  public static final String TRUNCATED = "<kintsugi:truncated>";
  public static final String CYCLE = "<kintsugi:cycle>";
  public static final String UNREADABLE = "<kintsugi:unreadable>";

  private final SnapshotLimits limits;

  public Snapshotter(SnapshotLimits limits) {
    this.limits = limits;
  }

  /**
   * The JSON object of one frame.
   *
   * @param self the instance, written under {@code "this"} when {@code instance}
   * @param names parameter names; missing ones are {@code argN}
   * @param args argument values
   */
  public String frame(Object self, boolean instance, String[] names, Object[] args) {
    Walk walk = new Walk(limits);
    JsonWriter w = walk.w;
    w.beginObject();
    if (instance) {
      w.name("this");
      walk.value(self, 0);
    }
    int n = args == null ? 0 : args.length;
    for (int i = 0; i < n; i++) {
      if (w.length() > limits.maxFrameChars()) {
        w.name(TRUNCATED).value(true);
        break;
      }
      String name = names != null && i < names.length ? names[i] : "arg" + i;
      w.name(name);
      if (Scrubber.sensitiveKey(name)) {
        w.value(Scrubber.FILTERED);
      } else {
        walk.value(args[i], 0);
      }
    }
    return w.endObject().toString();
  }

  /** The JSON of one value at depth 0 (for tests and tools). */
  public String value(Object v) {
    Walk walk = new Walk(limits);
    walk.value(v, 0);
    return walk.w.toString();
  }

  /** One snapshot in progress: the output and the objects on the current path (for cycles). */
  private static final class Walk {
    final JsonWriter w = new JsonWriter(new StringBuilder(512));
    final SnapshotLimits limits;

    /** The composites from the argument down to here; at most maxDepth + 1, so a linear scan. */
    Object[] path = new Object[8];

    int pathLength;

    Walk(SnapshotLimits limits) {
      this.limits = limits;
    }

    void value(Object v, int depth) {
      if (v == null) {
        w.nullValue();
      } else if (v instanceof String) {
        string((String) v);
      } else if (v instanceof Boolean) {
        w.value(((Boolean) v).booleanValue());
      } else if (v instanceof Integer
          || v instanceof Long
          || v instanceof Short
          || v instanceof Byte) {
        w.value(((Number) v).longValue());
      } else if (v instanceof Double) {
        w.value(((Double) v).doubleValue());
      } else if (v instanceof Float) {
        w.value(((Float) v).floatValue());
      } else if (v instanceof Character) {
        w.value(String.valueOf(((Character) v).charValue()));
      } else if (v instanceof Enum) {
        w.value(((Enum<?>) v).name());
      } else if (isValueType(v.getClass())) {
        long mark = w.mark();
        try {
          w.beginObject().name("@class").value(v.getClass().getName()).name("value");
          string(v.toString());
          w.endObject();
        } catch (Throwable t) {
          w.reset(mark);
          w.value(UNREADABLE);
        }
      } else if (v instanceof CharSequence) {
        long mark = w.mark();
        try {
          string(v.toString());
        } catch (Throwable t) {
          w.reset(mark);
          w.value(UNREADABLE);
        }
      } else {
        composite(v, depth);
      }
    }

    private void composite(Object v, int depth) {
      if (depth > limits.maxDepth()) {
        w.value(DEPTH);
        return;
      }
      for (int i = 0; i < pathLength; i++) {
        if (path[i] == v) {
          w.value(CYCLE);
          return;
        }
      }
      long mark = w.mark();
      if (pathLength == path.length) {
        path = Arrays.copyOf(path, path.length * 2);
      }
      path[pathLength++] = v;
      try {
        if (v.getClass().isArray()) {
          array(v, depth);
        } else if (v instanceof Collection) {
          elements(((Collection<?>) v).iterator(), depth);
        } else if (v instanceof Map) {
          map((Map<?, ?>) v, depth);
        } else {
          object(v, depth);
        }
      } catch (Throwable t) {
        w.reset(mark);
        w.value(UNREADABLE);
      } finally {
        path[--pathLength] = null;
      }
    }

    private void array(Object array, int depth) {
      int length = Array.getLength(array);
      w.beginArray();
      for (int i = 0; i < length; i++) {
        if (i == limits.maxElements() || w.length() > limits.maxFrameChars()) {
          w.value(TRUNCATED);
          break;
        }
        value(Array.get(array, i), depth + 1);
      }
      w.endArray();
    }

    private void elements(Iterator<?> it, int depth) {
      w.beginArray();
      int i = 0;
      while (it.hasNext()) {
        if (i == limits.maxElements() || w.length() > limits.maxFrameChars()) {
          w.value(TRUNCATED);
          break;
        }
        value(it.next(), depth + 1);
        i++;
      }
      w.endArray();
    }

    private void map(Map<?, ?> map, int depth) {
      w.beginObject();
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (i == limits.maxEntries() || w.length() > limits.maxFrameChars()) {
          w.name(TRUNCATED).value(true);
          break;
        }
        String key = truncate(String.valueOf(e.getKey()));
        w.name(key);
        if (Scrubber.sensitiveKey(key)) {
          w.value(Scrubber.FILTERED);
        } else {
          value(e.getValue(), depth + 1);
        }
        i++;
      }
      w.endObject();
    }

    private void object(Object v, int depth) {
      FieldPlan plan = FieldPlan.forClass(v.getClass());
      if (plan.unreadable) {
        w.value(UNREADABLE);
        return;
      }
      w.beginObject().name("@class").value(v.getClass().getName());
      for (int i = 0; i < plan.names.length; i++) {
        if (i == limits.maxFields() || w.length() > limits.maxFrameChars()) {
          w.name(TRUNCATED).value(true);
          break;
        }
        String name = plan.names[i];
        w.name(name);
        Field f = plan.fields[i];
        if (Scrubber.sensitiveKey(name)) {
          w.value(Scrubber.FILTERED);
        } else if (f == null) {
          w.value(UNREADABLE);
        } else {
          Object fieldValue;
          try {
            fieldValue = f.get(v);
          } catch (Throwable t) {
            w.value(UNREADABLE);
            continue;
          }
          value(fieldValue, depth + 1);
        }
      }
      w.endObject();
    }

    /** Card numbers scrubbed; a long string cut to the limit, with the marker. */
    private void string(String s) {
      int max = limits.maxStringChars();
      if (s.length() <= max) {
        w.value(Scrubber.scrubCards(s));
        return;
      }
      // Scrub a window that no card number kept in the output can straddle, not the whole text.
      String window = Scrubber.scrubCards(s.substring(0, Math.min(s.length(), max + 32)));
      w.value(cut(window, max) + TRUNCATED);
    }

    private String truncate(String s) {
      int max = limits.maxStringChars();
      return s.length() <= max ? s : cut(s, max) + TRUNCATED;
    }

    /** The first {@code max} characters at most, never half a surrogate pair. */
    private static String cut(String s, int max) {
      if (s.length() <= max) {
        return s;
      }
      return s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }
  }

  /** Types shown as {@code {"@class", "value": toString()}}: JDK value types with stable text. */
  static boolean isValueType(Class<?> c) {
    return c == BigDecimal.class
        || c == BigInteger.class
        || c == UUID.class
        || c.getName().startsWith("java.time.");
  }
}

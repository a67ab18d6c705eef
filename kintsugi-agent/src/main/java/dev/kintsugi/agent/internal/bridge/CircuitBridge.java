package dev.kintsugi.agent.internal.bridge;

/**
 * The circuit switches the circuit advice reads: one slot per instrumented method name, null while
 * its circuit is closed. Like {@link Bridge} it lives on the bootstrap class path and uses {@code
 * java.lang} types only. The closed path costs one volatile read and one array load; whatever the
 * agent throws, the method runs normally.
 *
 * <p>Internal: not for applications.
 */
public final class CircuitBridge {

  /** An open circuit, as the agent implements it. */
  public interface Circuit {
    /**
     * What a call to the method does instead of running it.
     *
     * @param returnType the method's return type's name ({@code int}, {@code java.util.List})
     * @return null to run the method; a {@link RuntimeException} to throw; else a one-element
     *     {@code Object[]} holding the value to return
     */
    Object decide(String returnType);
  }

  private static final Object[] NONE = new Object[0];

  /** Replaced, never written to: a reader sees a whole table. */
  private static volatile Object[] slots = NONE;

  private CircuitBridge() {}

  /** Installs the switches: element {@code i} is slot {@code i}'s open {@link Circuit} or null. */
  public static void set(Object[] table) {
    slots = table == null ? NONE : table;
  }

  /** Called on entry to an instrumented method: null to run it, else the decision for exit. */
  public static Object enter(int slot, String returnType) {
    Object[] table = slots;
    if (slot >= table.length) {
      return null;
    }
    Object circuit = table[slot];
    if (circuit == null) {
      return null;
    }
    try {
      return ((Circuit) circuit).decide(returnType);
    } catch (Throwable t) {
      return null;
    }
  }

  /** Called on exit of a skipped method: throws the decided failure, or returns the value. */
  public static Object exit(Object decision) {
    if (decision instanceof RuntimeException) {
      throw (RuntimeException) decision;
    }
    return ((Object[]) decision)[0];
  }
}

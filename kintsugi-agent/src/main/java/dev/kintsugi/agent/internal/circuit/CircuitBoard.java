package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import dev.kintsugi.agent.internal.config.Packages;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Turns the server's lists of open circuits and injected faults into the switches the advice reads.
 * Each method name ({@code Class#method}, every overload) gets a slot the first time a circuit
 * opens for it or a fault is injected into it, and is instrumented then; the advice stays, and
 * closing the circuit (removing the fault) empties the slot. A method with both holds a {@link
 * CircuitThenFault}. Only in-app classes ({@code packages}) are instrumented. Used by the poller's
 * thread only.
 */
final class CircuitBoard {
  /** More method names than any kill-switch use needs; beyond it, circuits are ignored. */
  static final int MAX_SLOTS = 1024;

  /** Puts the circuit advice on a method name, reading {@code slot}. */
  interface Installer {
    void install(String className, String methodName, int slot) throws Exception;
  }

  private final Packages packages;
  private final Installer installer;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;
  private final Map<String, Integer> slots = new HashMap<>();

  /** Slots handed out. */
  private int used;

  /**
   * @param random a number in [0, 1) per call a fault may affect
   */
  CircuitBoard(
      Packages packages, Installer installer, LongSupplier nanoTime, DoubleSupplier random) {
    this.packages = packages;
    this.installer = installer;
    this.nanoTime = nanoTime;
    this.random = random;
  }

  /** Opens exactly {@code open} and injects exactly {@code faults}: every other one ends. */
  void apply(List<CircuitSpec> open, List<FaultSpec> faults) {
    Object[] table = new Object[MAX_SLOTS];
    for (CircuitSpec spec : open) {
      Integer slot = slot(spec.method);
      if (slot != null) {
        table[slot] = new OpenCircuit(spec, nanoTime);
      }
    }
    for (FaultSpec spec : faults) {
      Integer slot = slot(spec.method);
      if (slot != null) {
        InjectedFault fault = new InjectedFault(spec, nanoTime, random);
        table[slot] =
            table[slot] == null
                ? fault
                : new CircuitThenFault((CircuitBridge.Circuit) table[slot], fault);
      }
    }
    CircuitBridge.set(Arrays.copyOf(table, used));
  }

  /** The method's slot, instrumenting it first; null when it cannot have one. */
  private Integer slot(String method) {
    Integer slot = slots.get(method);
    if (slot != null) {
      return slot;
    }
    int hash = CircuitSpec.checkMethod(method);
    String className = method.substring(0, hash);
    if (!packages.matches(className)) {
      AgentLog.once(
          "circuit-not-in-app:" + method,
          "ignoring the circuit or fault of " + method + ": not a class of the packages= given",
          null);
      return null;
    }
    if (used >= MAX_SLOTS) {
      AgentLog.once("circuit-slots", "ignoring circuits beyond " + MAX_SLOTS + " methods", null);
      return null;
    }
    int next = used++;
    // Kept even when the install fails: what advice did get in reads this slot, and a retry per
    // poll would only fail again.
    slots.put(method, next);
    try {
      installer.install(className, method.substring(hash + 1), next);
    } catch (Throwable t) {
      AgentLog.once(
          "circuit-install:" + method,
          "could not put a circuit or fault on " + method + "; it runs normally",
          t);
    }
    AgentLog.debug("circuit switch for " + method + " in slot " + next);
    return next;
  }
}

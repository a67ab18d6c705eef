package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import dev.kintsugi.agent.internal.config.Packages;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns the server's list of open circuits into the switches the advice reads. Each method name
 * ({@code Class#method}, every overload) gets a slot the first time a circuit opens for it, and is
 * instrumented then; the advice stays, and closing the circuit empties the slot. Only in-app
 * classes ({@code packages}) are instrumented. Used by the poller's thread only.
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
  private final Map<String, Integer> slots = new HashMap<>();

  /** Slots handed out. */
  private int used;

  CircuitBoard(Packages packages, Installer installer, LongSupplier nanoTime) {
    this.packages = packages;
    this.installer = installer;
    this.nanoTime = nanoTime;
  }

  /** Opens exactly {@code open}: every other circuit closes. */
  void apply(List<CircuitSpec> open) {
    Object[] table = new Object[MAX_SLOTS];
    for (CircuitSpec spec : open) {
      Integer slot = slot(spec);
      if (slot != null) {
        table[slot] = new OpenCircuit(spec, nanoTime);
      }
    }
    CircuitBridge.set(Arrays.copyOf(table, used));
  }

  /** The method's slot, instrumenting it first; null when it cannot have one. */
  private Integer slot(CircuitSpec spec) {
    Integer slot = slots.get(spec.method);
    if (slot != null) {
      return slot;
    }
    if (!packages.matches(spec.className)) {
      AgentLog.once(
          "circuit-not-in-app:" + spec.method,
          "ignoring the circuit of " + spec.method + ": not a class of the packages= given",
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
    slots.put(spec.method, next);
    try {
      installer.install(spec.className, spec.methodName, next);
    } catch (Throwable t) {
      AgentLog.once(
          "circuit-install:" + spec.method,
          "could not put a circuit on " + spec.method + "; it runs normally",
          t);
    }
    AgentLog.debug("circuit switch for " + spec.method + " in slot " + next);
    return next;
  }
}

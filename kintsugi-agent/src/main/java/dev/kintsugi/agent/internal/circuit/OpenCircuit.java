package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * An open circuit in the agent: until its deadline, a call returns the fallback (converted once per
 * return type) or throws {@code IllegalStateException("circuit open: Class#method (kintsugi)")}. A
 * fallback that does not fit an overload's return type lets that overload run normally (reported
 * once); so does the circuit once its time is up, even if the server is not heard from again.
 */
final class OpenCircuit implements CircuitBridge.Circuit {
  private static final Object NO_FIT = new Object();

  private final String method;
  private final String fallback;
  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Object> decisions = new ConcurrentHashMap<>();

  OpenCircuit(CircuitSpec spec, LongSupplier nanoTime) {
    this.method = spec.method;
    this.fallback = spec.fallback;
    this.nanoTime = nanoTime;
    this.deadlineNanos = nanoTime.getAsLong() + spec.ttlMillis * 1_000_000L;
  }

  @Override
  public Object decide(String returnType) {
    if (nanoTime.getAsLong() - deadlineNanos >= 0) {
      return null;
    }
    if (fallback == null) {
      return new IllegalStateException("circuit open: " + method + " (kintsugi)");
    }
    Object d = decisions.get(returnType);
    if (d == null) {
      d = convert(returnType);
      decisions.putIfAbsent(returnType, d);
    }
    return d == NO_FIT ? null : d;
  }

  private Object convert(String returnType) {
    try {
      return new Object[] {Fallbacks.value(fallback, returnType)};
    } catch (RuntimeException e) {
      AgentLog.once(
          "circuit-fit:" + method + ":" + returnType,
          "circuit open for "
              + method
              + " but its fallback does not fit the return type "
              + returnType
              + " ("
              + e.getMessage()
              + "); that method runs normally",
          null);
      return NO_FIT;
    }
  }
}

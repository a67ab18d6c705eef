package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * A fault in the agent (only with {@code faults=on}): until its deadline, a share ({@code
 * probability}) of the calls sleep {@code latencyMillis} and then run normally, or throw the
 * configured exception instead of running. The exception's class is loaded by the instrumented
 * method's class loader and must be a {@link RuntimeException} with a public {@code (String)}
 * constructor; otherwise, or when anything about it fails, a plain {@code RuntimeException} with
 * the message is thrown. Its stack trace starts at the method, without the agent's frames.
 */
final class InjectedFault implements CircuitBridge.Circuit {
  private static final String AGENT_PACKAGE = "dev.kintsugi.agent.";

  private final FaultSpec spec;
  private final String className;
  private final long deadlineNanos;
  private final LongSupplier nanoTime;
  private final DoubleSupplier random;

  /** The owner class (or this class when unknown) → the exception's constructor, or a marker. */
  private final Map<Class<?>, Object> constructors = new ConcurrentHashMap<>();

  InjectedFault(FaultSpec spec, LongSupplier nanoTime, DoubleSupplier random) {
    this.spec = spec;
    this.className = spec.method.substring(0, spec.method.indexOf('#'));
    this.nanoTime = nanoTime;
    this.random = random;
    this.deadlineNanos = nanoTime.getAsLong() + spec.ttlMillis * 1_000_000L;
  }

  @Override
  public Object decide(String returnType) {
    if (nanoTime.getAsLong() - deadlineNanos >= 0 || random.getAsDouble() >= spec.probability) {
      return null;
    }
    if (spec.exception == null) {
      try {
        Thread.sleep(spec.latencyMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    }
    return failure();
  }

  private RuntimeException failure() {
    RuntimeException e;
    try {
      Object c = constructors.computeIfAbsent(owner(), this::constructor);
      e =
          c instanceof Constructor
              ? (RuntimeException) ((Constructor<?>) c).newInstance(spec.message)
              : new RuntimeException(spec.message);
    } catch (Throwable t) {
      e = new RuntimeException(spec.message);
    }
    List<StackTraceElement> frames = new ArrayList<>();
    for (StackTraceElement f : e.getStackTrace()) {
      if (!frames.isEmpty() || !f.getClassName().startsWith(AGENT_PACKAGE)) {
        frames.add(f);
      }
    }
    e.setStackTrace(frames.toArray(new StackTraceElement[0]));
    return e;
  }

  /** The instrumented method's class, found on the stack; this class when it is not there. */
  private Class<?> owner() {
    try {
      Class<?> owner =
          StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
              .walk(
                  s ->
                      s.map(StackWalker.StackFrame::getDeclaringClass)
                          .filter(c -> c.getName().equals(className))
                          .findFirst()
                          .orElse(null));
      return owner == null ? InjectedFault.class : owner;
    } catch (RuntimeException e) {
      return InjectedFault.class;
    }
  }

  /**
   * The exception's {@code (String)} constructor as {@code owner}'s loader sees it, or a marker.
   */
  private Object constructor(Class<?> owner) {
    try {
      ClassLoader loader =
          owner == InjectedFault.class
              ? Thread.currentThread().getContextClassLoader()
              : owner.getClassLoader();
      Class<?> type = Class.forName(spec.exception, false, loader);
      if (RuntimeException.class.isAssignableFrom(type)) {
        return type.getConstructor(String.class);
      }
    } catch (Throwable t) {
      // Not loadable or no (String) constructor: a plain RuntimeException then.
    }
    return Boolean.FALSE;
  }
}

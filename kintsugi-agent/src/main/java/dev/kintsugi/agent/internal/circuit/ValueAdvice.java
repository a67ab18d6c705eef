package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The circuit advice of a method that returns a value: while the circuit is open the body is
 * skipped and the fallback returned (or the fast failure thrown). Inlined into the host's method.
 */
final class ValueAdvice {
  private ValueAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  static Object enter(@CircuitSlot int slot, @Advice.Origin("#r") String returnType) {
    return CircuitBridge.enter(slot, returnType);
  }

  @Advice.OnMethodExit
  static void exit(
      @Advice.Enter Object decision,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
    if (decision != null) {
      returned = CircuitBridge.exit(decision);
    }
  }
}

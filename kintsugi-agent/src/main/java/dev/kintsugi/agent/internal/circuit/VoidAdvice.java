package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.bridge.CircuitBridge;
import net.bytebuddy.asm.Advice;

/** {@link ValueAdvice} for {@code void} methods: nothing to return, maybe a failure to throw. */
final class VoidAdvice {
  private VoidAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  static Object enter(@CircuitSlot int slot) {
    return CircuitBridge.enter(slot, "void");
  }

  @Advice.OnMethodExit
  static void exit(@Advice.Enter Object decision) {
    if (decision != null) {
      CircuitBridge.exit(decision);
    }
  }
}

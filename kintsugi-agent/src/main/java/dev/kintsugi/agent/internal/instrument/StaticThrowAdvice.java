package dev.kintsugi.agent.internal.instrument;

import dev.kintsugi.agent.internal.bridge.Bridge;
import net.bytebuddy.asm.Advice;

/** {@link InstanceThrowAdvice} for static methods: no {@code this}. */
final class StaticThrowAdvice {
  private StaticThrowAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Thrown Throwable thrown,
      @Advice.Origin("#t") String type,
      @Advice.Origin("#m") String method,
      @ParameterNames String names,
      @Advice.AllArguments Object[] args) {
    if (thrown != null) {
      Bridge.exited(thrown, null, false, type, method, names, args);
    }
  }
}

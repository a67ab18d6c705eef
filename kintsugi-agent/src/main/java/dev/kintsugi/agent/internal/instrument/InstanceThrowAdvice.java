package dev.kintsugi.agent.internal.instrument;

import dev.kintsugi.agent.internal.bridge.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the exit of in-app instance methods. The normal return path only tests {@code thrown}
 * against null: the arguments array and everything else is built inside the branch, which runs only
 * when the method exits by an exception.
 */
final class InstanceThrowAdvice {
  private InstanceThrowAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Thrown Throwable thrown,
      @Advice.This Object self,
      @Advice.Origin("#t") String type,
      @Advice.Origin("#m") String method,
      @ParameterNames String names,
      @Advice.AllArguments Object[] args) {
    if (thrown != null) {
      Bridge.exited(thrown, self, true, type, method, names, args);
    }
  }
}

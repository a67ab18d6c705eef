package dev.kintsugi.agent.internal.instrument;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import dev.kintsugi.agent.internal.bridge.Bridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of Logback's {@code Logger.callAppenders(ILoggingEvent)}, which each event
 * that passed the level check reaches once: ERROR events with a throwable. Compiled against Logback
 * but never loaded by the agent: ByteBuddy reads its bytes and resolves the Logback types in the
 * application's class loader.
 */
final class LogbackAdvice {
  private LogbackAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) ILoggingEvent event) {
    if (event != null && event.getLevel() != null && event.getLevel().toInt() >= Level.ERROR_INT) {
      IThrowableProxy proxy = event.getThrowableProxy();
      if (proxy instanceof ThrowableProxy) {
        Bridge.logged(
            ((ThrowableProxy) proxy).getThrowable(),
            "logback",
            event.getLoggerName(),
            event.getFormattedMessage());
      }
    }
  }
}

package dev.kintsugi.agent.internal.instrument;

import dev.kintsugi.agent.internal.bridge.Bridge;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@link Logger#log(LogRecord)}, which every JUL logging call goes through:
 * a record at SEVERE or above, with a throwable, that the logger would log. Instrumented rather
 * than a handler on the root logger, so loggers that do not use parent handlers are seen, {@code
 * LogManager.reset()} cannot remove it, and the agent never initialises JUL itself (which would fix
 * the LogManager before the application chooses one).
 */
final class JulAdvice {
  private JulAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Logger logger, @Advice.Argument(0) LogRecord record) {
    if (record != null && record.getThrown() != null) {
      Level level = record.getLevel();
      if (level != null && level.intValue() >= 1000 && logger.isLoggable(level)) {
        String name = record.getLoggerName();
        Bridge.logged(record.getThrown(), "jul", name != null ? name : logger.getName(), record);
      }
    }
  }
}

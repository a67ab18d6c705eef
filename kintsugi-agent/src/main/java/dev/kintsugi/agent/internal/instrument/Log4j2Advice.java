package dev.kintsugi.agent.internal.instrument;

import dev.kintsugi.agent.internal.bridge.Bridge;
import net.bytebuddy.asm.Advice;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.message.Message;

/**
 * Inlined at the start of Log4j2's {@code LoggerConfig.callAppenders(LogEvent)}: ERROR and FATAL
 * events with a throwable. With additivity one event passes several logger configs; the capture
 * keeps one event per throwable. Like {@link LogbackAdvice}, never loaded by the agent itself.
 */
final class Log4j2Advice {
  /** {@code StandardLevel.ERROR.intLevel()}: lower is more severe, 0 is OFF. */
  private static final int ERROR = 200;

  private Log4j2Advice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) LogEvent event) {
    if (event != null && event.getThrown() != null && event.getLevel() != null) {
      int level = event.getLevel().intLevel();
      if (level > 0 && level <= ERROR) {
        Message message = event.getMessage();
        Bridge.logged(
            event.getThrown(),
            "log4j2",
            event.getLoggerName(),
            message == null ? null : message.getFormattedMessage());
      }
    }
  }
}

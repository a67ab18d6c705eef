package dev.kintsugi.maven;

import dev.kintsugi.heal.loop.Progress;
import java.util.Locale;
import org.apache.maven.plugin.logging.Log;

/** The heal's progress lines in Maven's log, as {@code kintsugi heal} prints them. */
final class LogProgress implements Progress {

  private final Log log;
  private final long start = System.nanoTime();

  LogProgress(Log log) {
    this.log = log;
  }

  @Override
  public void report(String stage, String message) {
    log.info(
        String.format(
            Locale.ROOT, "[%6.1fs] %-9s %s", (System.nanoTime() - start) / 1e9, stage, message));
  }
}

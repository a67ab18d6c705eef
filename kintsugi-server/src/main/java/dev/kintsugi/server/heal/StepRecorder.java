package dev.kintsugi.server.heal;

import dev.kintsugi.core.incident.HealSteps;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.server.store.HealRunStore;
import java.util.function.Consumer;

/**
 * Stores one heal run's stages as they begin: a {@code start} step, the healer's own ({@link
 * HealSteps}), and a {@code done} step with the outcome, so the timings cover the whole run. One
 * per run; synchronized, since a healer may report from threads of its own and the store numbers a
 * run's steps one at a time. A step that cannot be stored is logged and dropped: progress reports
 * never break a heal.
 */
final class StepRecorder implements HealSteps {

  /** A healer's steps kept per run: a runaway healer must not fill the table or the REST view. */
  static final int MAX_STEPS = 200;

  private final HealRunStore runs;
  private final long runId;
  private final Consumer<String> log;
  private int reported;
  private boolean failed;
  private boolean closed;

  StepRecorder(HealRunStore runs, long runId, Consumer<String> log) {
    this.runs = runs;
    this.runId = runId;
    this.log = log;
  }

  /** The run began (or began again, after a stop). */
  synchronized void start(String message) {
    store("start", message);
  }

  @Override
  public synchronized void step(String stage, String message) {
    if (closed) {
      return; // after done: a healer's straggling thread
    }
    if (++reported <= MAX_STEPS) {
      store(stage, message);
    }
  }

  /** The run ended with {@code outcome}; later steps are dropped. */
  synchronized void done(IncidentHealOutcome outcome) {
    if (closed) {
      return;
    }
    String dropped =
        reported > MAX_STEPS ? " (" + (reported - MAX_STEPS) + " step(s) not stored)" : "";
    store("done", outcome.status() + dropped + ": " + outcome.summary());
    closed = true;
  }

  /** The server stopped before the run ended; it is queued again at the next start. */
  synchronized void stopped() {
    if (closed) {
      return;
    }
    store("stopped", "the server stopped; the run is queued again at its next start");
    closed = true;
  }

  /** The run was lost to another node, which stores its steps now; later steps are dropped. */
  synchronized void abandon() {
    closed = true;
  }

  private void store(String stage, String message) {
    try {
      runs.addStep(runId, stage, message);
    } catch (RuntimeException e) {
      if (!failed) { // once per run: a database that is down would fail every step
        failed = true;
        log.accept(
            "heal run "
                + runId
                + ": cannot store a step (later failures of this run are not logged): "
                + e.getMessage());
      }
    }
  }
}

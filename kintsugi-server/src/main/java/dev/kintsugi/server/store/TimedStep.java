package dev.kintsugi.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A heal run's stage with how long it took, as REST and the dashboard show it.
 *
 * @param ms how long the stage lasted: until the next began; the last until now while the run runs,
 *     else until the run's last update (its end, or its requeue after a stop)
 */
public record TimedStep(HealStep step, long ms) {

  /**
   * Times a run's steps (first first). Never negative: the clock may step back.
   *
   * @param now what a running run's last stage is timed up to
   */
  public static List<TimedStep> of(HealRun run, List<HealStep> steps, Instant now) {
    Instant end = "running".equals(run.status()) ? now : run.updatedAt();
    List<TimedStep> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      HealStep step = steps.get(i);
      Instant until = i + 1 < steps.size() ? steps.get(i + 1).at() : end;
      out.add(new TimedStep(step, Math.max(0, Duration.between(step.at(), until).toMillis())));
    }
    return out;
  }
}

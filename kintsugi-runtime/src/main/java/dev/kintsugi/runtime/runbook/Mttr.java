package dev.kintsugi.runtime.runbook;

import dev.kintsugi.server.store.RecoveryTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Mean time to recovery of a project's runbook runs, overall and per runbook. Counted are the runs
 * that acted (something was done, not a dry run) or tried to and failed (every alternative of a
 * step failed: the restart whose service exits at once must lower the recovered share, not vanish):
 * their detection → action and detection → recovery times; runs that never recovered count in
 * {@code runs} but have no recovery time.
 *
 * <p>Stable API.
 *
 * @param project the project's name
 * @param overall every runbook's runs together
 * @param byRunbook per runbook name, in name order
 */
public record Mttr(String project, Figures overall, Map<String, Figures> byRunbook) {

  public Mttr {
    byRunbook = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byRunbook));
  }

  /**
   * The figures of a set of runs.
   *
   * @param runs runs that acted
   * @param recovered of them, those verified recovered
   * @param recoveredShare {@code recovered / runs} (0 without runs)
   * @param meanToAction mean detection → first action
   * @param meanToRecovery mean detection → recovery, of the recovered runs
   * @param medianToRecovery their median (the mean of the middle two for an even count)
   * @param p90ToRecovery their 90th percentile (nearest rank)
   */
  public record Figures(
      int runs,
      int recovered,
      double recoveredShare,
      Optional<Duration> meanToAction,
      Optional<Duration> meanToRecovery,
      Optional<Duration> medianToRecovery,
      Optional<Duration> p90ToRecovery) {}

  /** The report of {@code runs} (a project's, as {@link RunbookRuns#runsSince} reads them). */
  public static Mttr of(String project, Collection<RunbookRun> runs) {
    Map<String, List<RunbookRun>> byRunbook = new TreeMap<>();
    List<RunbookRun> acted = new ArrayList<>();
    for (RunbookRun run : runs) {
      if (run.project().equals(project)
          && !run.dryRun()
          && (run.actedAt().isPresent() || failed(run))) {
        acted.add(run);
        byRunbook.computeIfAbsent(run.runbook(), k -> new ArrayList<>()).add(run);
      }
    }
    Map<String, Figures> figures = new LinkedHashMap<>();
    byRunbook.forEach((name, list) -> figures.put(name, figures(list)));
    return new Mttr(project, figures(acted), figures);
  }

  /** Whether its actions were tried and it ended unrecovered (not refused, rejected, a dry run). */
  private static boolean failed(RunbookRun run) {
    return run.outcome().filter(o -> o.equals("escalated") || o.equals("failed")).isPresent();
  }

  static Figures figures(List<RunbookRun> runs) {
    List<Duration> toAction = new ArrayList<>();
    List<Duration> toRecovery = new ArrayList<>();
    for (RunbookRun run : runs) {
      run.timeToAction().ifPresent(toAction::add);
      run.timeToRecovery().ifPresent(toRecovery::add);
    }
    return new Figures(
        runs.size(),
        toRecovery.size(),
        runs.isEmpty() ? 0 : (double) toRecovery.size() / runs.size(),
        RecoveryTimes.mean(toAction),
        RecoveryTimes.mean(toRecovery),
        RecoveryTimes.median(toRecovery),
        RecoveryTimes.p90(toRecovery));
  }
}

package dev.kintsugi.runtime.runbook;

import dev.kintsugi.runtime.action.RuntimeAction;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which action works: per signal kind and action kind, the share of runs that did the action and
 * whose verify held, with a Laplace prior ({@code (verified + 1) / (runs + 2)}), so an action never
 * tried scores ½ and one failure does not rule an action out for good. Read from the stored runs,
 * so it survives restarts and is shared by servers on one database.
 *
 * <p>Stable API.
 */
public final class Learning {

  private final RunbookRuns runs;

  public Learning(RunbookRuns runs) {
    this.runs = runs;
  }

  /** The estimated share of runs of {@code signalKind} signals where {@code actionKind} helped. */
  public double share(String signalKind, String actionKind) {
    return share(runs.tallies(signalKind).get(actionKind));
  }

  /**
   * {@code alternatives}, the one most likely to help first; equal estimates keep the written
   * order.
   */
  public List<RuntimeAction> rank(String signalKind, List<RuntimeAction> alternatives) {
    if (alternatives.size() < 2) {
      return alternatives;
    }
    Map<String, RunbookRuns.Tally> tallies = runs.tallies(signalKind);
    // List.sort is stable: ties keep the runbook's order.
    List<RuntimeAction> out = new java.util.ArrayList<>(alternatives);
    out.sort(
        Comparator.comparingDouble((RuntimeAction a) -> share(tallies.get(a.kind()))).reversed());
    return List.copyOf(out);
  }

  private static double share(RunbookRuns.Tally tally) {
    return tally == null ? 0.5 : (tally.verified() + 1.0) / (tally.runs() + 2.0);
  }
}

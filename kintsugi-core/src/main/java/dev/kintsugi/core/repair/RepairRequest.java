package dev.kintsugi.core.repair;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.validate.Verdict;
import java.nio.file.Path;
import java.util.List;

/**
 * What a repairer gets.
 *
 * @param root the isolated workspace root (never the user's checkout); read sources from here
 * @param diagnosis ranked suspicious locations
 * @param failing the failing tests with their messages and traces (untrusted text)
 * @param round 1-based repair round; later rounds may widen the search
 * @param maxLocations how many of the ranked locations to consider this round
 * @param previous verdicts of the previous round's candidates that a repairer can learn from (each
 *     with its diff and the evidence of the gate that refused it: compiler message, failing test
 *     with assertion and trace); empty in round 1. Untrusted text, like {@code failing}.
 */
public record RepairRequest(
    Path root,
    Diagnosis diagnosis,
    List<TestOutcome> failing,
    int round,
    int maxLocations,
    List<Verdict> previous) {

  public RepairRequest {
    failing = List.copyOf(failing);
    previous = List.copyOf(previous);
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
  }

  /** A request without verdicts of an earlier round. */
  public RepairRequest(
      Path root, Diagnosis diagnosis, List<TestOutcome> failing, int round, int maxLocations) {
    this(root, diagnosis, failing, round, maxLocations, List.of());
  }
}

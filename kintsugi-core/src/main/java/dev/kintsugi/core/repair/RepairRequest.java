package dev.kintsugi.core.repair;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.signal.TestOutcome;
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
 */
public record RepairRequest(
    Path root, Diagnosis diagnosis, List<TestOutcome> failing, int round, int maxLocations) {

  public RepairRequest {
    failing = List.copyOf(failing);
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
  }
}

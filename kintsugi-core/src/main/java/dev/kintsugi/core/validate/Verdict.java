package dev.kintsugi.core.validate;

import dev.kintsugi.core.repair.Candidate;
import java.util.List;

/**
 * All gate verdicts for one candidate, in the order they ran.
 *
 * @param tested whether the candidate was compiled and run against tests
 * @param testsFixed how many of the originally failing tests it made pass (partial credit)
 */
public record Verdict(
    Candidate candidate, List<GateVerdict> gates, boolean tested, int testsFixed) {

  public Verdict {
    gates = List.copyOf(gates);
  }

  /** Passed every gate, including all tests. */
  public boolean plausible() {
    return !gates.isEmpty() && gates.stream().allMatch(GateVerdict::passed);
  }

  /** The first gate that rejected the candidate, if any. */
  public java.util.Optional<GateVerdict> rejection() {
    return gates.stream().filter(g -> !g.passed()).findFirst();
  }
}

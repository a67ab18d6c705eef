package dev.kintsugi.core.validate;

import dev.kintsugi.core.repair.Candidate;

/**
 * A gate judged on a candidate's {@link Trial}: its sources compiled and the selected tests run
 * against it, once, shared by every run gate. Run gates come after the static {@link Gate}s, in
 * order; the first rejection ends the candidate.
 */
public interface RunGate {

  String name();

  GateVerdict check(Candidate candidate, Trial trial);
}

package dev.kintsugi.core.validate;

import dev.kintsugi.core.repair.Candidate;

/** One validation step. Gates run cheapest first; the first rejection ends a candidate. */
public interface Gate {

  String name();

  GateVerdict check(Candidate candidate);
}

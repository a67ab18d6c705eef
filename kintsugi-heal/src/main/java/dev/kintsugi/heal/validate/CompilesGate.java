package dev.kintsugi.heal.validate;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.RunGate;
import dev.kintsugi.core.validate.Trial;

/** The candidate's changed sources compile against the project; the evidence is the compiler's. */
final class CompilesGate implements RunGate {

  @Override
  public String name() {
    return CandidateValidator.COMPILES;
  }

  @Override
  public GateVerdict check(Candidate candidate, Trial trial) {
    return (trial.compiled()
            ? GateVerdict.pass(name(), "")
            : GateVerdict.reject(name(), TestEvidence.firstLines(trial.compilerOutput(), 5)))
        .withMillis(trial.compileMillis());
  }
}

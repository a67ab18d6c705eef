package dev.kintsugi.heal.localize;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.Localizer;
import dev.kintsugi.core.diagnose.Symptoms;
import dev.kintsugi.java.localize.FaultLocalizer;
import dev.kintsugi.java.localize.SourceIndex;

/**
 * Java's localizer: stack frames of the failing tests (and of the production error) mapped to the
 * workspace's sources, combined with spectrum-based suspiciousness from per-test coverage.
 */
public final class SpectrumLocalizer implements Localizer {

  @Override
  public Diagnosis localize(Symptoms symptoms) {
    return new FaultLocalizer(SourceIndex.scan(symptoms.root(), symptoms.sourceRoots()))
        .localize(symptoms.failing(), symptoms.executed(), symptoms.coverage(), symptoms.traces());
  }
}

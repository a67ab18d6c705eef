package dev.kintsugi.core.diagnose;

/** The localize stage: ranks the lines most likely to hold the bug. */
@FunctionalInterface
public interface Localizer {

  /** Ranked suspicious lines of main code; empty locations when nothing points into it. */
  Diagnosis localize(Symptoms symptoms);
}

/**
 * The healing pipeline's vocabulary: immutable records exchanged between stages and the small
 * interfaces each stage implements. Stable API of Kintsugi; no framework dependencies.
 *
 * <p>Stages, in order: {@code reproduce} (a test of a production error: {@code Reproducer}, its
 * typed {@code Reproduction}) → {@code signal} (what went wrong: failing tests) → {@code diagnose}
 * ({@code Localizer}: ranked suspicious lines) → {@code repair} ({@code Repairer}: candidate
 * patches, told the last round's verdicts) → {@code validate} ({@code Gate} on the patch, {@code
 * RunGate} on its compile-and-test {@code Trial}: verdicts with evidence) → {@code deliver} ({@code
 * Deliverer}) → {@code learn} ({@code Learner}: remember what fixed it). {@code kintsugi-heal}
 * assembles and orders them.
 */
package dev.kintsugi.core;

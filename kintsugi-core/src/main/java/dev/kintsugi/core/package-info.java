/**
 * The healing pipeline's vocabulary: immutable records exchanged between stages and the small
 * interfaces each stage implements. Stable API of Kintsugi; no framework dependencies.
 *
 * <p>Stages, in order: {@code signal} (what went wrong: failing tests) → {@code diagnose} (ranked
 * suspicious locations) → {@code repair} (candidate patches) → {@code validate} (gate verdicts with
 * evidence) → {@code learn} (remember what fixed it, for later heals). Delivery and reporting live
 * in {@code kintsugi-heal}.
 */
package dev.kintsugi.core;

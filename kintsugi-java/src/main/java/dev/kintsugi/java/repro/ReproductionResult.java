package dev.kintsugi.java.repro;

/**
 * What {@link ReproductionGenerator#generate} produced: a {@link ReproductionTest} to add to the
 * project, or {@link NoReproduction} with the reason each frame could not be used.
 *
 * <p>Stability: experimental.
 */
public sealed interface ReproductionResult permits ReproductionTest, NoReproduction {}

/**
 * Reproduction tests from production errors.
 *
 * <p>{@link dev.kintsugi.java.repro.ReproductionGenerator} turns a {@link
 * dev.kintsugi.core.signal.ProductionError} whose frames carry the agent's argument snapshots into
 * a JUnit 4 or 5 test that throws the production exception; {@link
 * dev.kintsugi.java.repro.ReproductionCheck} tells whether a run of that test reproduced the
 * incident. Everything else in the package is internal.
 */
package dev.kintsugi.java.repro;

/**
 * Chaos experiments in the Chaos Toolkit format (JSON or YAML): {@link
 * dev.kintsugi.runtime.chaos.Experiments} reads and checks a file (errors name the field), {@link
 * dev.kintsugi.runtime.chaos.ChaosRunner} checks the steady state, injects the faults of the
 * method, waits for Kintsugi's runbooks to recover, checks the steady state again, always rolls
 * back, and returns a {@link dev.kintsugi.runtime.chaos.Journal} like Chaos Toolkit's with time to
 * detect and time to recover. Python providers run only Kintsugi's built-in {@code chaoskintsugi.*}
 * functions.
 */
package dev.kintsugi.runtime.chaos;

/**
 * The heal loop: turns a repository with failing tests into a validated fix on a new branch.
 *
 * <p>Entry point: {@link dev.kintsugi.heal.loop.HealLoop}. Sub-packages follow the pipeline: {@code
 * loop} (orchestration, rounds), {@code validate} (gates), {@code deliver} (branch commit), {@code
 * report} (the JSON report contract of DESIGN.md).
 */
package dev.kintsugi.heal;

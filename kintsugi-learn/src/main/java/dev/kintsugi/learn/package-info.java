/**
 * The heal's learn stage: a file-backed memory of fixes.
 *
 * <p>Public entry points (stability: experimental): {@link dev.kintsugi.learn.FixMemory} (the
 * JSON-lines store; implements {@link dev.kintsugi.core.learn.Learner} and {@link
 * dev.kintsugi.core.learn.FixExamples}), {@link dev.kintsugi.learn.MemoryRepairer} (replays the fix
 * remembered for the same failure), {@link dev.kintsugi.learn.Fingerprint} (identifies a failure
 * across runs) and {@link dev.kintsugi.learn.RememberedFix} (one stored fix). Everything else is
 * package-private.
 *
 * <p>The memory file is local data, not code: its diffs are only applied to files inside the
 * workspace, in memory, and become candidates that the heal loop's gates judge like any other.
 */
package dev.kintsugi.learn;

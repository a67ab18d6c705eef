/**
 * Canary analysis: is a new version (the canary) worse than the one it would replace (the
 * baseline)? {@link dev.kintsugi.runtime.canary.CanaryJudge} compares each metric's samples with a
 * Mann-Whitney U test plus allowed changes, and gives a {@link dev.kintsugi.runtime.canary.Verdict}
 * (pass, fail, inconclusive) with the numbers behind it.
 */
package dev.kintsugi.runtime.canary;

/**
 * The learn stage: after a fix passes the gates or is delivered, a {@link
 * dev.kintsugi.core.learn.Learner} records it against the failure it fixed, and later heals ask
 * {@link dev.kintsugi.core.learn.FixExamples} for past fixes of similar failures, handed to a model
 * as {@link dev.kintsugi.core.learn.FixExample}s. Repairers depend only on these interfaces; the
 * file-backed fix memory that implements them lives in {@code kintsugi-learn}.
 */
package dev.kintsugi.core.learn;

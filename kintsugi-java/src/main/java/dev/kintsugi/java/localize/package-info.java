/**
 * Fault localization: ranks main-code source lines by how suspicious they are, combining the
 * failing tests' stack frames with spectrum-based fault localization (Ochiai over per-test line
 * coverage).
 */
package dev.kintsugi.java.localize;

package dev.kintsugi.heal.search;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the candidate search spent and found, for the report: candidates generated, tested and
 * plausible, rejections by gate, and the time spent generating and validating. Updated by the
 * heal's own thread only (parallel validations are tallied after they return).
 */
public final class SearchTally {

  private int generated;
  private int tested;
  private int plausible;
  private int toFirstPlausible;
  private long generateMs;
  private long validateMs;
  private final TreeMap<String, Integer> rejectedBy = new TreeMap<>();

  public int generated() {
    return generated;
  }

  public int tested() {
    return tested;
  }

  public int plausible() {
    return plausible;
  }

  /** Candidates tested up to and including the first plausible one; 0 when none was. */
  public int toFirstPlausible() {
    return toFirstPlausible;
  }

  public long generateMs() {
    return generateMs;
  }

  public long validateMs() {
    return validateMs;
  }

  /** Candidates refused, by the name of the gate that refused them, sorted by name. */
  public Map<String, Integer> rejectedBy() {
    return new TreeMap<>(rejectedBy);
  }

  /** How many candidates {@code gate} refused. */
  public int rejectedBy(String gate) {
    return rejectedBy.getOrDefault(gate, 0);
  }

  /** Counts a refusal by a gate outside the search, e.g. the confirming build. */
  public void rejected(String gate) {
    rejectedBy.merge(gate, 1, Integer::sum);
  }

  /** The plausible count of the round the fix came from, which the report states. */
  public void plausible(int count) {
    plausible = count;
  }

  void generated(int count, long millis) {
    generated += count;
    generateMs += millis;
  }

  void countTested() {
    tested++;
  }

  /** Marks the first plausible candidate, once. */
  void firstPlausible() {
    if (toFirstPlausible == 0) {
      toFirstPlausible = tested;
    }
  }

  void validated(int plausibleCount, long millis) {
    plausible += plausibleCount;
    validateMs += millis;
  }
}

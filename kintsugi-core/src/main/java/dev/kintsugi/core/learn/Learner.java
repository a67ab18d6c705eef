package dev.kintsugi.core.learn;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;

/** The learn stage: remembers how a failure was fixed, so later heals can reuse it. */
public interface Learner {

  /** The fix passed every gate. */
  String VALIDATED = "validated";

  /** The fix was delivered (committed to a branch). */
  String DELIVERED = "delivered";

  /**
   * Records {@code fix} as the outcome of healing {@code failing}.
   *
   * @param failing the failing tests the fix was made for; not empty
   * @param outcome {@link #VALIDATED}, {@link #DELIVERED}, or another word (e.g. {@code regressed})
   *     for a fix that did not work, which is kept but never reused
   * @throws IllegalArgumentException when {@code failing} is empty or {@code outcome} blank
   */
  void learn(List<TestOutcome> failing, Candidate fix, String outcome);

  /**
   * How the fixes of a repairer family ({@code template}, {@code pattern}, {@code memory}, {@code
   * llm}) fared so far; {@link TrackRecord#NONE} for a learner that does not know.
   */
  default TrackRecord trackRecord(String repairerFamily) {
    return TrackRecord.NONE;
  }
}

package dev.kintsugi.core.learn;

import dev.kintsugi.core.signal.TestOutcome;
import java.util.List;

/** Past fixes of failures like the current one, for a model to learn from (few-shot examples). */
public interface FixExamples {

  /**
   * Up to {@code limit} successful past fixes of failures similar to {@code failing} (but not the
   * same failure), most similar first; empty when nothing is similar enough.
   *
   * @throws IllegalArgumentException when {@code limit} is negative
   */
  List<FixExample> similar(List<TestOutcome> failing, int limit);
}

package dev.kintsugi.core.reproduce;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the reproduce stage achieved: a test that fails the way the production error did, a test
 * that was dropped (with why), or no test at all. Every case keeps the notes of what was tried.
 */
public sealed interface Reproduction
    permits Reproduction.Reproduced, Reproduction.Dropped, Reproduction.Absent {

  /** What was tried and why it did or did not work. */
  List<String> notes();

  /** The test that was written into the workspace and fails like the error: it judges fixes. */
  default Optional<Reproducer.ReproductionTest> reproducing() {
    return this instanceof Reproduced r ? Optional.of(r.test()) : Optional.empty();
  }

  /** The generated test, whether it reproduced or not. */
  default Optional<Reproducer.ReproductionTest> generated() {
    if (this instanceof Reproduced r) {
      return Optional.of(r.test());
    }
    return this instanceof Dropped d ? Optional.of(d.test()) : Optional.empty();
  }

  /** The test fails the way the production error did. */
  record Reproduced(Reproducer.ReproductionTest test, List<String> notes) implements Reproduction {
    public Reproduced {
      Objects.requireNonNull(test, "test");
      notes = List.copyOf(notes);
    }
  }

  /**
   * A test was generated but removed again: it did not compile, passed, or failed differently.
   *
   * @param why e.g. {@code "passed"}, {@code "does not compile: ..."}
   */
  record Dropped(Reproducer.ReproductionTest test, String why, List<String> notes)
      implements Reproduction {
    public Dropped {
      Objects.requireNonNull(test, "test");
      Objects.requireNonNull(why, "why");
      notes = List.copyOf(notes);
    }
  }

  /** No test could be generated (or nothing was asked to reproduce). */
  record Absent(List<String> notes) implements Reproduction {
    public Absent {
      notes = List.copyOf(notes);
    }
  }
}

package dev.kintsugi.core.diagnose;

import dev.kintsugi.core.signal.TestOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Localizer} sees.
 *
 * @param root the isolated workspace root
 * @param sourceRoots directories of main Java sources under {@code root}
 * @param failing the failing tests, with their stack traces (untrusted text)
 * @param executed every test of the coverage run with its outcome (the spectrum)
 * @param coverage per-test covered lines (may be empty: then stack frames alone rank)
 * @param traces stack traces seen outside the test suite, e.g. the production error's
 */
public record Symptoms(
    Path root,
    List<Path> sourceRoots,
    List<TestOutcome> failing,
    List<TestOutcome> executed,
    Coverage coverage,
    List<String> traces) {

  public Symptoms {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(coverage, "coverage");
    sourceRoots = List.copyOf(sourceRoots);
    failing = List.copyOf(failing);
    executed = List.copyOf(executed);
    traces = List.copyOf(traces);
  }
}

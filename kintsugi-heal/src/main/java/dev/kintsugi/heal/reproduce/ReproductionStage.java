package dev.kintsugi.heal.reproduce;

import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.reproduce.Reproduction;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.Text;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.sandbox.BuildFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reproduce stage and the first test run: asks the reproducer for a test of the production
 * error, writes it into the workspace, runs the project's tests with it, and keeps it only when it
 * fails the way the error did; otherwise removes it and runs the existing tests alone. Anything
 * that goes wrong with the reproduction only costs the reproduction, never the heal.
 */
public final class ReproductionStage {

  /** Runs the project's tests in the workspace, as the build does. */
  @FunctionalInterface
  public interface TestCommand {
    /**
     * @param added the reproduction test written into the workspace for this run, if any (a build
     *     finds it on its own; a prepared run compiles and runs just that one)
     */
    TestRunResult run(Optional<Reproducer.ReproductionTest> added) throws BuildFailedException;
  }

  /**
   * The first test run and what the reproduce stage achieved.
   *
   * @param result the test run the heal goes on with
   * @param reproduction what became of the reproduction; empty when none was asked for
   * @param trace the production error's stack trace in Java's text form, or empty
   */
  public record Detection(
      TestRunResult result, Optional<Reproduction> reproduction, String trace) {}

  private final Optional<Reproducer> reproducer;
  private final Progress progress;
  private final Consumer<String> warn;

  public ReproductionStage(
      Optional<Reproducer> reproducer, Progress progress, Consumer<String> warn) {
    this.reproducer = reproducer;
    this.progress = progress;
    this.warn = warn;
  }

  /**
   * @throws BuildFailedException when the project's own tests cannot run (not the reproduction's
   *     fault: a reproduction test that does not compile is dropped and the tests run without it)
   */
  public Detection detect(Path root, TestCommand tests) throws BuildFailedException, IOException {
    if (reproducer.isEmpty()) {
      return new Detection(tests.run(Optional.empty()), Optional.empty(), "");
    }
    Reproducer.Attempt attempt = prepare(root);
    Optional<Reproducer.ReproductionTest> written = write(root, attempt);
    if (written.isEmpty()) {
      return new Detection(
          tests.run(Optional.empty()), Optional.of(absentOrDropped(attempt)), attempt.stackTrace());
    }
    Reproducer.ReproductionTest repro = written.get();
    String why;
    try {
      TestRunResult result = tests.run(written);
      if (result.timedOut()) {
        why = "made the test run time out";
      } else {
        Optional<TestOutcome> outcome =
            result.outcomes().stream().filter(repro::reports).findFirst();
        if (outcome.isPresent()
            && outcome.get().failed()
            && reproducer.get().reproduces(repro, outcome.get())) {
          progress.report("reproduce", repro.id() + " fails like the production error");
          return new Detection(
              result,
              Optional.of(new Reproduction.Reproduced(repro, attempt.notes())),
              attempt.stackTrace());
        }
        why =
            outcome.isEmpty()
                ? "did not run"
                : outcome.get().failed()
                    ? "failed differently ("
                        + outcome.get().exceptionType()
                        + ") from the production error"
                    : "passed";
      }
    } catch (BuildFailedException e) {
      why = "does not compile: " + Text.firstLine(e.getMessage());
    }
    List<String> notes = new ArrayList<>(attempt.notes());
    notes.add("the generated test " + why);
    warn.accept(
        "the reproduction test "
            + why
            + "; falling back to the error's stack trace and the existing tests");
    Files.deleteIfExists(root.resolve(repro.file()));
    return new Detection(
        tests.run(Optional.empty()),
        Optional.of(new Reproduction.Dropped(repro, why, notes)),
        attempt.stackTrace());
  }

  private Reproducer.Attempt prepare(Path root) {
    try {
      return reproducer.orElseThrow().prepare(root);
    } catch (IOException | RuntimeException e) {
      return new Reproducer.Attempt(
          Optional.empty(), List.of("the reproduction failed: " + e.getMessage()), "");
    }
  }

  /** Writes the attempt's test into the workspace; empty when there is none or it cannot be. */
  private Optional<Reproducer.ReproductionTest> write(Path root, Reproducer.Attempt attempt) {
    if (attempt.test().isEmpty()) {
      warn.accept(
          "no reproduction test could be built; falling back to the error's stack trace and the"
              + " existing tests");
      progress.report("reproduce", String.join("; ", attempt.notes()));
      return Optional.empty();
    }
    Reproducer.ReproductionTest test = attempt.test().get();
    Path file = root.resolve(test.file()).normalize();
    try {
      if (!file.startsWith(root) || Files.exists(file)) {
        throw new IOException(test.file() + " exists already or lies outside the project");
      }
      Files.createDirectories(file.getParent());
      Files.writeString(file, test.source(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      warn.accept("cannot add the reproduction test: " + e.getMessage());
      return Optional.empty();
    }
    progress.report("reproduce", test.description());
    return Optional.of(test);
  }

  private static Reproduction absentOrDropped(Reproducer.Attempt attempt) {
    return attempt.test().isPresent()
        ? new Reproduction.Dropped(attempt.test().get(), "could not be added", attempt.notes())
        : new Reproduction.Absent(attempt.notes());
  }
}

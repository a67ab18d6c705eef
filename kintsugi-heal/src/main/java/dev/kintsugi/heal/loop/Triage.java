package dev.kintsugi.heal.loop;

import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestRunResult;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides which failing tests the heal repairs for, or that it stops: nothing fails, the failures
 * need a service the sandbox cannot reach, the fast path cannot see them fail.
 */
final class Triage {

  /** The failing tests to go on with, or the outcome the heal ends with (then non-null). */
  record Failing(List<TestOutcome> failing, HealOutcome outcome) {
    static Failing of(List<TestOutcome> failing) {
      return new Failing(failing, null);
    }

    static Failing done(HealOutcome outcome) {
      return new Failing(List.of(), outcome);
    }
  }

  private final HealRun run;
  private final Progress progress;

  Triage(HealRun run, Progress progress) {
    this.run = run;
    this.progress = progress;
  }

  /** The build's failing tests worth repairing for. */
  Failing failing(TestRunResult initial) throws BadInputException {
    HealOptions options = run.options;
    if (initial.timedOut()) {
      throw new BadInputException(
          "the test run did not finish within its time limit ("
              + run.remaining().toSeconds()
              + "s left of "
              + options.timeout().toSeconds()
              + "s) and was killed; a test may hang");
    }
    List<TestOutcome> failing = initial.failing();
    run.failingTests = failing.stream().map(o -> o.id().toString()).toList();
    if (failing.isEmpty() && options.reproducer().isPresent()) {
      List<String> notes = run.reproduction.map(r -> r.notes()).orElse(List.of());
      return Failing.done(
          run.finish(
              HealReport.Status.NOT_FIXED,
              "the production error could not be reproduced by a test ("
                  + (notes.isEmpty() ? "no reproduction" : String.join("; ", notes))
                  + ") and all "
                  + initial.outcomes().size()
                  + " existing test(s) pass: without a failing test no fix can be validated",
              ExitCode.NOT_FIXED));
    }
    if (failing.isEmpty()) {
      if (initial.exitCode() == 0) {
        progress.report("test", initial.outcomes().size() + " test(s) pass: nothing to heal");
        return Failing.done(
            run.finish(
                HealReport.Status.HEALTHY,
                "all " + initial.outcomes().size() + " tests pass",
                ExitCode.SUCCESS));
      }
      throw new BadInputException(
          "the test command failed (exit "
              + initial.exitCode()
              + ") but reported no failing test: "
              + lastLine(initial.outputTail()));
    }
    // A test that fails for want of a service the sandbox cannot reach is not a bug of the code.
    ServiceFailures services = ServiceFailures.split(failing);
    if (!services.needing().isEmpty()) {
      if (services.rest().isEmpty()) {
        return Failing.done(
            run.finish(HealReport.Status.NOT_FIXED, services.summary(), ExitCode.NOT_FIXED));
      }
      run.warn(
          services.summary()
              + "; the fix must make the other "
              + services.rest().size()
              + " failing test(s) pass");
      services.needing().forEach(need -> run.serviceTests.add(TestMatching.methodKey(need.test())));
      failing = services.rest();
      run.failingTests = failing.stream().map(o -> o.id().toString()).toList();
    }
    progress.report(
        "test",
        failing.size()
            + " of "
            + initial.outcomes().size()
            + " test(s) fail: "
            + String.join(", ", run.failingTests.subList(0, Math.min(5, failing.size()))));
    return Failing.of(failing);
  }

  /**
   * The build's outcomes of the tests the fast path runs. In a reactor that is one module's tests
   * (the layout's); failing tests of other modules are left to the confirm build, with a warning.
   */
  List<TestOutcome> testedModuleOutcomes(Path root, ProjectLayout layout, List<TestOutcome> all) {
    if (layout.baseDir().equals(layout.root())) {
      return all;
    }
    Set<String> classes = new HashSet<>(layout.testSettings().testClasses());
    List<TestOutcome> mine =
        all.stream().filter(o -> classes.contains(o.id().className())).toList();
    long elsewhere =
        all.stream().filter(o -> o.failed() && !classes.contains(o.id().className())).count();
    String module = root.relativize(layout.baseDir()).toString();
    progress.report(
        "localize",
        "multi-module build: healing from module "
            + module
            + " and the modules it depends on ("
            + layout.mainSourceRoots().size()
            + " source root(s))");
    if (elsewhere > 0) {
      run.warn(
          elsewhere
              + " failing test(s) of other modules run only in the confirm build (fast validation"
              + " runs the tests of module "
              + module
              + ")");
    }
    return mine;
  }

  /**
   * The worker's outcomes of the failing tests. The build decides what fails; a fast path that
   * judges otherwise is our bug, and a worker that does not see a failure cannot judge a fix for
   * it: stop, unless some failures (the reproduction test among them) are seen failing.
   */
  Failing seenByWorker(List<TestOutcome> failing, List<TestOutcome> built, CoverageRun coverage) {
    BuildAgreement agreement = BuildAgreement.of(built, coverage.outcomes());
    if (!agreement.agrees()) {
      run.warn(agreement.summary());
    }
    if (!coverage.unbuiltContexts().isEmpty()) {
      run.warn(
          "the Spring context of "
              + coverage.unbuiltContexts().size()
              + " test class(es) cannot be built under the bug (e.g. "
              + coverage.unbuiltContexts().get(0)
              + "): no warm sessions, every candidate builds its contexts afresh");
    }
    List<TestOutcome> inWorker = TestMatching.matchFailing(failing, coverage.outcomes());
    List<String> unseen =
        failing.stream()
            .filter(m -> inWorker.stream().noneMatch(o -> TestMatching.sameTest(m, o)))
            .map(TestMatching::methodKey)
            .distinct()
            .toList();
    if (unseen.isEmpty()) {
      return Failing.of(inWorker);
    }
    String why =
        "the fast path cannot reproduce the build's failure of "
            + unseen.size()
            + " of "
            + failing.size()
            + " failing test(s), so it cannot validate a fix for them: "
            + String.join("; ", agreement.about(unseen));
    if (inWorker.isEmpty()) {
      return Failing.done(run.finish(HealReport.Status.NOT_FIXED, why, ExitCode.NOT_FIXED));
    }
    // Some failures reproduce: repair for them; the confirm build, which runs every test, judges
    // the others (e.g. a test whose failure under the bug depends on timing).
    run.warn(why + "; they are checked only by the confirm build");
    return Failing.of(inWorker);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}

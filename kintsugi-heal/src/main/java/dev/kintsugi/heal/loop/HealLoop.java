package dev.kintsugi.heal.loop;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.Symptoms;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.validate.GateVerdict;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.forge.ForgeException;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.FileTrees;
import dev.kintsugi.heal.Text;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.policy.RepositoryPolicy;
import dev.kintsugi.heal.prepare.PreparedRelease;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.ReportWriter;
import dev.kintsugi.heal.report.SourceLines;
import dev.kintsugi.heal.search.CandidateSearch;
import dev.kintsugi.heal.search.PlausibleRanking;
import dev.kintsugi.heal.validate.CandidateValidator;
import dev.kintsugi.heal.validate.GateChain;
import dev.kintsugi.heal.validate.WorkerBench;
import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.UnsupportedProjectException;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.confine.SandboxUnavailableException;
import dev.kintsugi.sandbox.maven.MavenProject;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.testrun.TestExecutor;
import dev.kintsugi.sandbox.workspace.InvalidRepositoryException;
import dev.kintsugi.sandbox.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The CI heal loop: orders the stages of a {@link HealPipeline} — run the tests (with a
 * reproduction test) → localize → rounds of candidate search through the gates → confirm with the
 * project's own build → deliver → learn — and spends the time budget. Writes the report in every
 * outcome.
 *
 * <p>All work happens in a private {@link Workspace} inside the heal's own scratch directory; the
 * only change to the user's repository is the new fix branch, created last. Every build and test
 * run is confined by the heal's {@link Sandbox}, which may write nothing but that directory.
 */
public final class HealLoop {

  static final int MAX_TESTED_PER_ROUND = 400;

  private final Progress progress;
  private final Clock clock;

  public HealLoop(Progress progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /** Heals {@code options.repo()}; never throws for bad input, the outcome says what happened. */
  public HealOutcome run(HealOptions options) {
    HealRun run = new HealRun(options, clock, progress);
    HealOutcome outcome;
    try {
      run.audit(
          "heal.started",
          "repository",
          options.repo().toAbsolutePath().normalize().toString(),
          "revision",
          options.revision());
      outcome = heal(run);
    } catch (AuditException e) {
      outcome =
          run.finish(
              HealReport.Status.ERROR,
              "the audit trail cannot record the heal's actions, so it stopped: " + e.getMessage(),
              ExitCode.BAD_INPUT);
    } catch (BadInputException
        | InvalidRepositoryException
        | UnsupportedProjectException
        | SandboxUnavailableException e) {
      outcome = run.finish(HealReport.Status.ERROR, e.getMessage(), ExitCode.BAD_INPUT);
    } catch (IOException | RuntimeException e) {
      outcome =
          run.finish(
              HealReport.Status.ERROR,
              "internal error: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
              ExitCode.BAD_INPUT);
    }
    HealReport report = outcome.report();
    try {
      run.audit(
          "heal.finished",
          "status",
          report.status().name().toLowerCase(Locale.ROOT),
          "reason",
          report.reason(),
          "branch",
          report.branch() == null ? "" : report.branch(),
          "commit",
          report.commit() == null ? "" : report.commit());
    } catch (AuditException e) {
      progress.report("warning", "the audit trail cannot record the heal's end: " + e.getMessage());
    }
    options.report().ifPresent(file -> writeReport(report, file));
    return outcome;
  }

  private void writeReport(HealReport report, Path file) {
    try {
      ReportWriter.write(report, file);
      progress.report("report", "written to " + file);
    } catch (IOException e) {
      progress.report("report", "could not write " + file + ": " + e.getMessage());
    }
  }

  /** Opens the heal's sandbox over a fresh scratch directory of its own, deleted at the end. */
  private HealOutcome heal(HealRun run)
      throws BadInputException, InvalidRepositoryException, IOException {
    Path scratch =
        Files.createTempDirectory(Files.createDirectories(run.options.workDir()), "heal-");
    try {
      run.scratch = scratch;
      Sandbox sandbox = Sandbox.open(run.options.sandbox().withWritable(scratch));
      sandbox.warnings().forEach(run::warn);
      return healIn(run, sandbox);
    } finally {
      try {
        FileTrees.delete(scratch);
      } catch (IOException e) {
        run.warn("could not delete the heal's scratch directory " + scratch + ": " + e);
      }
    }
  }

  private HealOutcome healIn(HealRun run, Sandbox sandbox)
      throws BadInputException, InvalidRepositoryException, IOException {
    HealOptions options = run.options;
    try (Workspace workspace = Workspace.export(options.repo(), options.revision(), run.scratch)) {
      run.baseCommit = workspace.baseCommit();
      if (workspace.userTreeDirty()) {
        run.warn(
            "the working tree has uncommitted changes; healing the committed state ("
                + shortSha(workspace.baseCommit())
                + ") and leaving your changes alone");
      }
      for (String submodule : workspace.skippedSubmodules()) {
        run.warn("submodule " + submodule + " was not exported");
      }
      Path root = workspace.root();
      if (!MavenProject.isMavenProject(root)) {
        throw new BadInputException(
            "no Maven build: "
                + options.repo()
                + " has no pom.xml at its root in commit "
                + shortSha(workspace.baseCommit()));
      }
      MavenProject maven = new MavenProject(root, sandbox);
      try {
        run.policy =
            options.delivery().policy().isPresent()
                ? options.delivery().policy().get()
                : RepositoryPolicy.load(
                    options.delivery().policyFile(), root, workspace.baseCommit());
      } catch (PolicyException e) {
        throw new BadInputException("the policy cannot be used: " + e.getMessage());
      }
      DeliveryOptions delivery = options.delivery();
      if (delivery.mode() == DeliveryOptions.Mode.PR) {
        try {
          run.route =
              PullRequestDelivery.route(
                  options.repo(),
                  options.revision(),
                  delivery.forge(),
                  delivery.forgeUrl(),
                  delivery.forgeRepo(),
                  delivery.baseBranch(),
                  delivery.token());
        } catch (ForgeException e) {
          throw new BadInputException("cannot deliver a pull request: " + e.getMessage());
        }
      }
      HealPipeline pipeline =
          HealPipeline.assemble(options, clock, run::warn).allowedBy(run.policy, run::warn);
      try (TestExecutor executor = new TestExecutor(run.scratch, options.workers(), sandbox)) {
        // 1. Detect: the failing tests (with a reproduction test, if any) and their coverage,
        // from a prepared release of the commit when there is one, else from the project's build.
        HealStart starting = new HealStart(run, pipeline, executor, root, progress, clock);
        Optional<PreparedRelease> release =
            options.releases().flatMap(releases -> starting.release(releases, run.baseCommit));
        HealStart.Start start =
            release.isPresent() ? starting.prepared(release.get()) : starting.cold(maven);
        if (start.outcome() != null) {
          return start.outcome();
        }
        ProjectLayout layout = start.layout();
        CoverageRun coverage = start.coverage();
        List<TestOutcome> built = start.built();
        List<TestOutcome> failing = start.failing();
        List<TestOutcome> failingInWorker = start.failingInWorker();

        // 2. Diagnose: per-test coverage + stack frames.
        Diagnosis diagnosis =
            pipeline
                .localizer()
                .localize(
                    new Symptoms(
                        root,
                        layout.mainSourceRoots(),
                        failingInWorker,
                        coverage.outcomes(),
                        coverage.coverage(),
                        run.productionTrace.isEmpty() ? List.of() : List.of(run.productionTrace)));
        run.diagnosis = diagnosis;
        run.locationCode = SourceLines.of(root, diagnosis.top(HealRun.TOP_LOCATIONS));
        run.localizeMs = clock.millis() - run.localizeStart;
        progress.report("localize", diagnosis.summary());
        if (diagnosis.locations().isEmpty()) {
          return run.finish(
              HealReport.Status.NOT_FIXED,
              "no suspicious line in main code: " + diagnosis.summary(),
              ExitCode.NOT_FIXED);
        }

        // 3–4. Repair and validate, in rounds.
        List<TestId> failingIds = failingInWorker.stream().map(TestOutcome::id).toList();
        List<TestOutcome> runnable =
            TestMatching.judging(built, coverage.outcomes(), run.serviceTests);
        TestSelection selection = new TestSelection(failingIds, runnable, coverage.coverage());
        run.bench =
            new WorkerBench(executor, layout, TestMatching.perTestTimeout(coverage.outcomes()));
        CandidateValidator validator =
            new CandidateValidator(
                new GateChain(
                    root, diagnosis.files(), run.limits(), new HashSet<>(failingIds), run.policy),
                run.bench,
                selection::tests);
        Function<Candidate, Verdict> judged =
            candidate -> audited(run, validator.validate(candidate));
        run.llm = pipeline.llm().orElse(null);
        try (CandidateSearch search =
            new CandidateSearch(
                pipeline.repairers(),
                judged,
                new CandidateSearch.Problem(root, diagnosis, failing),
                new CandidateSearch.Settings(
                    options.workers(), options.exploreAfterPlausible(), MAX_TESTED_PER_ROUND),
                run::expired,
                progress,
                run::warn,
                clock,
                run.tally)) {
          BuildConfirmation confirmation =
              new BuildConfirmation(
                  sandbox,
                  options.testCommand(),
                  run.serviceTests,
                  run.scratch,
                  release.map(r -> options.releases().orElseThrow().confirmBatches()),
                  run.baseCommit,
                  run.reproductionTest().map(t -> t.file()));
          return rounds(
              run,
              pipeline,
              search,
              confirmation,
              new FixDelivery.Solved(
                  workspace,
                  root,
                  failing,
                  coverage,
                  selection,
                  new PlausibleRanking.Evidence(
                      diagnosis, coverage.coverage(), new HashSet<>(failingIds))));
        }
      }
    }
  }

  /** Rounds of search; each round's plausible fixes, best first, go to the build to confirm. */
  private HealOutcome rounds(
      HealRun run,
      HealPipeline pipeline,
      CandidateSearch search,
      BuildConfirmation confirmation,
      FixDelivery.Solved solved)
      throws IOException {
    HealOptions options = run.options;
    for (int round = 1; round <= options.maxRounds(); round++) {
      run.rounds = round;
      List<PlausibleRanking.Ranked> ranked =
          PlausibleRanking.rank(search.round(round), solved.evidence());
      for (PlausibleRanking.Ranked winner : ranked) {
        if (run.expired()) {
          break;
        }
        progress.report(
            "confirm",
            "running "
                + options.testCommand().orElse("mvn test")
                + " with "
                + winner.candidate().description());
        long confirmStart = clock.millis();
        BuildConfirmation.Result confirmed =
            confirmation.confirm(solved.root(), winner.candidate(), run.remaining());
        run.confirmMs += clock.millis() - confirmStart;
        if (confirmed.green()) {
          run.confirmedTogether = confirmed.together();
          return new FixDelivery(progress, clock)
              .deliver(
                  run,
                  pipeline,
                  solved,
                  winner,
                  ranked,
                  candidate -> {
                    long start = clock.millis();
                    try {
                      return confirmation
                          .confirm(solved.root(), candidate, run.remaining())
                          .green();
                    } catch (IOException e) {
                      run.warn("the build could not confirm a revised fix: " + e.getMessage());
                      return false;
                    } finally {
                      run.confirmMs += clock.millis() - start;
                    }
                  });
        }
        run.tally.rejected(BuildConfirmation.GATE);
        progress.report("confirm", "rejected: " + confirmed.why());
        // Fast validation runs only the tests that execute the changed code; this counts its
        // misses.
        run.warn(
            "the build rejected a candidate fast validation accepted ("
                + winner.candidate().description()
                + "): "
                + Text.firstLine(confirmed.why())
                + "; it was withdrawn");
      }
      if (run.expired()) {
        return run.finish(
            HealReport.Status.NOT_FIXED,
            "time budget of "
                + options.timeout().toSeconds()
                + "s used up after "
                + run.tally.tested()
                + " tested candidate(s)",
            ExitCode.NOT_FIXED);
      }
    }
    int withdrawn = run.tally.rejectedBy(BuildConfirmation.GATE);
    return run.finish(
        HealReport.Status.NOT_FIXED,
        "no candidate passed every gate in "
            + run.rounds
            + " round(s) ("
            + run.tally.generated()
            + " generated, "
            + run.tally.tested()
            + " tested"
            + (withdrawn > 0
                ? "; "
                    + withdrawn
                    + " candidate(s) passed fast validation but the build rejected them"
                : "")
            + ")",
        ExitCode.NOT_FIXED);
  }

  /** Records a candidate's verdict: accepted, or refused by its first failing gate and why. */
  private static Verdict audited(HealRun run, Verdict verdict) {
    String where =
        verdict.candidate().changes().isEmpty() ? "" : verdict.candidate().changes().get(0).file();
    if (verdict.plausible()) {
      run.audit(
          "candidate.accepted",
          "repairer",
          verdict.candidate().repairer(),
          "description",
          verdict.candidate().description(),
          "file",
          where);
    } else {
      Optional<GateVerdict> refusal = verdict.rejection();
      run.audit(
          "candidate.refused",
          "repairer",
          verdict.candidate().repairer(),
          "description",
          verdict.candidate().description(),
          "file",
          where,
          "gate",
          refusal.map(GateVerdict::gate).orElse("none"),
          "evidence",
          refusal.map(r -> Text.clip(Text.firstLine(r.evidence()), 300)).orElse(""));
    }
    return verdict;
  }

  static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(8, sha.length()));
  }
}

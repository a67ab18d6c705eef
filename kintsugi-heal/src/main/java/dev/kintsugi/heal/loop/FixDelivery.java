package dev.kintsugi.heal.loop;

import dev.kintsugi.core.deliver.Delivered;
import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.learn.Learner;
import dev.kintsugi.core.learn.TrackRecord;
import dev.kintsugi.core.notify.Notification;
import dev.kintsugi.core.notify.Webhooks;
import dev.kintsugi.core.policy.Decision;
import dev.kintsugi.core.policy.FixFacts;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.PolicyDecision;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.signal.TestStatus;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.Text;
import dev.kintsugi.heal.deliver.CommitMessage;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.deliver.PullRequestText;
import dev.kintsugi.heal.deliver.RecentFixes;
import dev.kintsugi.heal.deliver.UnifiedDiff;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.search.PlausibleRanking;
import dev.kintsugi.heal.validate.CandidateValidator;
import dev.kintsugi.heal.validate.ChangedLines;
import dev.kintsugi.sandbox.testrun.CoverageRun;
import dev.kintsugi.sandbox.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The deliver and learn stages of a confirmed fix: the commit message with its evidence, the fix
 * (and the reproduction test that judged it) through the pipeline's deliverer, the fix memory, and
 * the report's fix part with confidence, concerns and the alternatives the tests left open.
 */
final class FixDelivery {

  /** Plausible fixes named in the report besides the delivered one. */
  static final int MAX_ALTERNATIVES = 5;

  /** What a found fix is ranked against and delivered from. */
  record Solved(
      Workspace workspace,
      Path root,
      List<TestOutcome> failing,
      CoverageRun coverage,
      TestSelection selection,
      PlausibleRanking.Evidence evidence) {}

  private final Progress progress;
  private final Clock clock;

  FixDelivery(Progress progress, Clock clock) {
    this.progress = progress;
    this.clock = clock;
  }

  /** Deliver and learn: the fix branch with its commit message, then the fix memory. */
  HealOutcome deliver(
      HealRun run,
      HealPipeline pipeline,
      Solved solved,
      PlausibleRanking.Ranked winner,
      List<PlausibleRanking.Ranked> ranked,
      Predicate<Candidate> confirm)
      throws IOException {
    Candidate fix = winner.candidate();
    int plausibleCount = ranked.size();
    int places = PlausibleRanking.places(ranked).size();
    String evidence = evidence(run, solved, winner, ranked);
    String baseCommit = solved.workspace().baseCommit();
    String message = message(run, solved, fix, evidence);
    List<FileChange> committed = committed(run, fix);
    Confidence.Score score = score(run, pipeline, solved, winner, places);
    double confidence = score.value();
    PolicyDecision decision = decide(run, fix, confidence);
    // A server's run names its branch: the intent is stored (as a step) before it is acted on, so
    // that a node resuming the run after a crash knows where its fix went.
    run.options
        .delivery()
        .branch()
        .ifPresent(b -> progress.report("deliver", "delivering: branch " + b));
    Delivered delivery =
        pipeline
            .deliverer()
            .deliver(
                new FixCommit(solved.workspace().repository(), baseCommit, committed, message));
    progress.report(
        "deliver",
        "branch " + delivery.branch() + " (" + HealLoop.shortSha(delivery.commit()) + ")");
    run.branch = delivery.branch();
    run.commit = delivery.commit();
    run.audit("branch.created", "branch", delivery.branch(), "commit", delivery.commit());
    run.policyPart =
        new HealReport.PolicyPart(
            run.policy.source(),
            environment(run),
            criticality(run),
            decision.decision().id(),
            decision.explanation(),
            "local branch " + delivery.branch());
    pipeline
        .learner()
        .ifPresent(
            learner -> {
              try {
                learner.learn(solved.failing(), fix, Learner.DELIVERED);
              } catch (RuntimeException e) {
                run.warn("could not remember the fix: " + e.getMessage());
              }
            });
    run.fix = fixPart(winner, ranked, score, evidence);
    run.tally.plausible(plausibleCount);
    PullRequestText.Story story =
        new PullRequestText.Story(
            errorOf(run, solved.failing()),
            solved.failing(),
            run.reproductionTest().map(t -> t.id().toString()).orElse(null),
            Optional.ofNullable(causeOf(fix, run.diagnosis))
                .map(l -> l.file() + ":" + l.line())
                .orElse(null),
            fix.description(),
            fix.repairer(),
            run.fix.diff(),
            winner.verdict().gates().stream()
                .map(g -> g.gate() + ": " + Text.firstLine(g.evidence()))
                .toList(),
            run.options.testCommand().orElse("mvn test") + " passed on the patched copy",
            plausibleCount,
            places,
            confidence,
            score.parts(),
            decision.decision().id(),
            decision.explanation(),
            baseCommit);
    DeliveryOptions options = run.options.delivery();
    Optional<Notification.Event> news =
        decision.decision() == Decision.WITHHELD
            ? Optional.empty()
            : Optional.of(Notification.Event.FIX_PROPOSED);
    if (run.route != null) {
      PullRequestDelivery.Outcome delivered =
          new PullRequestDelivery(
                  run.route, run.options.audit(), line -> progress.report("deliver", line), clock)
              .reusingOpenRequests(options.branch().isPresent())
              .deliver(
                  run.options.repo(),
                  delivery.branch(),
                  decision.decision(),
                  PullRequestText.title(story),
                  PullRequestText.body(story),
                  options.checksWait(),
                  options.checksPoll(),
                  new FixRevision(
                      run,
                      pipeline,
                      solved,
                      winner,
                      ranked,
                      confirm,
                      delivery.branch(),
                      clock,
                      progress));
      run.pullRequest =
          delivered
              .pullRequest()
              .map(
                  pr ->
                      new HealReport.PullRequestPart(
                          pr.url(), pr.number(), delivered.mergeCommit().orElse(null)))
              .orElse(null);
      run.policyPart = run.policyPart.delivered(delivered.summary());
      if (delivered.failed()) {
        return run.finish(
            HealReport.Status.ERROR,
            "fixed " + solved.failing().size() + " failing test(s), but " + delivered.summary(),
            ExitCode.BAD_INPUT);
      }
      if (delivered.merged()) {
        news = Optional.of(Notification.Event.MERGED);
      } else if (delivered.pullRequest().isPresent()) {
        news = Optional.of(Notification.Event.APPROVAL_NEEDED);
      }
    }
    if (news.isPresent() && !options.webhooks().isEmpty()) {
      new Webhooks(options.webhooks(), clock)
          .send(
              new Notification(
                  news.get(),
                  run.options.repo().toAbsolutePath().normalize().toString(),
                  PullRequestText.title(story),
                  run.policyPart.delivered(),
                  delivery.branch(),
                  Optional.ofNullable(run.pullRequest).map(HealReport.PullRequestPart::url),
                  confidence,
                  decision.explanation()))
          .forEach(run::warn);
    }
    return run.finish(
        HealReport.Status.FIXED,
        "fixed " + solved.failing().size() + " failing test(s) with " + fix.repairer(),
        ExitCode.SUCCESS);
  }

  /**
   * The error a fix is for, one line: the production error, else the first failing test's exception
   * type and name.
   */
  private static String errorOf(HealRun run, List<TestOutcome> failing) {
    if (run.reproductionTest().isPresent()) {
      return run.reproductionTest().get().error();
    }
    if (failing.isEmpty()) {
      return "failing tests";
    }
    TestOutcome first = failing.get(0);
    // The type and the test name the error; its message is in the body, with every failing test.
    String what =
        first.exceptionType() == null
            ? ""
            : first.exceptionType().substring(first.exceptionType().lastIndexOf('.') + 1);
    return (what.isEmpty() ? "failure" : what) + " in " + first.id();
  }

  /** What proved the fix, one sentence for the commit message and the report. */
  static String evidence(
      HealRun run,
      Solved solved,
      PlausibleRanking.Ranked winner,
      List<PlausibleRanking.Ranked> ranked) {
    Candidate fix = winner.candidate();
    int places = PlausibleRanking.places(ranked).size();
    String passed =
        winner.verdict().gates().stream()
            .filter(g -> g.gate().equals(CandidateValidator.RELEVANT_TESTS_PASS))
            .map(g -> g.evidence())
            .findFirst()
            .orElse("");
    int notRun = solved.selection().baselineSize() - solved.selection().tests(fix).size();
    return "every gate passed ("
        + passed
        + " in fast validation"
        + (notRun > 0 ? "; " + notRun + " other test(s) do not execute the changed code" : "")
        + "), then "
        + run.options.testCommand().orElse("mvn test")
        + " passed on the patched copy"
        + (run.confirmedTogether > 1
            ? " (one build with "
                + (run.confirmedTogether - 1)
                + " other fix(es) of this release, disjoint files)"
            : "")
        + "; "
        + ranked.size()
        + " plausible candidate(s) among "
        + run.tally.tested()
        + " tested"
        + (places > 1 ? " at " + places + " places (the tests do not decide between them)" : "")
        + ", the likeliest was chosen"
        + (winner.concerns().isEmpty() ? "" : " despite: " + String.join("; ", winner.concerns()));
  }

  /** The fix commit's message, naming the production error when a reproduction test judged it. */
  static String message(HealRun run, Solved solved, Candidate fix, String evidence) {
    String message =
        CommitMessage.of(
            solved.failing(),
            causeOf(fix, run.diagnosis),
            fix.description(),
            fix.repairer(),
            evidence,
            solved.workspace().baseCommit());
    if (run.reproductionTest().isPresent()) {
      Reproducer.ReproductionTest test = run.reproductionTest().get();
      message = CommitMessage.withReproduction(message, test.error(), test.id().toString());
    }
    return message;
  }

  /** What the fix commit holds: the fix, and the reproduction test that judged it. */
  static List<FileChange> committed(HealRun run, Candidate fix) {
    List<FileChange> committed = new ArrayList<>(fix.changes());
    run.reproductionTest()
        .ifPresent(test -> committed.add(new FileChange(test.file(), "", test.source())));
    return committed;
  }

  /** The fix's confidence and its parts. */
  static Confidence.Score score(
      HealRun run,
      HealPipeline pipeline,
      Solved solved,
      PlausibleRanking.Ranked chosen,
      int places) {
    Candidate fix = chosen.candidate();
    Set<TestId> passingBefore = new HashSet<>();
    for (TestOutcome o : solved.coverage().outcomes()) {
      if (o.status() == TestStatus.PASSED) {
        passingBefore.add(o.id());
      }
    }
    // A heal of failing tests is judged by them; a production heal by its reproduction test, if
    // any.
    boolean reproduced = run.reproduction.isEmpty() || run.reproductionTest().isPresent();
    return Confidence.of(
        fix,
        places,
        chosen.concerns().size(),
        run.options.limits().maxChangedLines(),
        solved.coverage().coverage(),
        passingBefore,
        reproduced,
        pipeline
            .learner()
            .map(l -> l.trackRecord(Policy.family(fix.repairer())))
            .orElse(TrackRecord.NONE));
  }

  /** The report's fix part: the chosen fix, its evidence and the alternatives the tests left. */
  static HealReport.FixPart fixPart(
      PlausibleRanking.Ranked chosen,
      List<PlausibleRanking.Ranked> ranked,
      Confidence.Score score,
      String evidence) {
    Candidate fix = chosen.candidate();
    return new HealReport.FixPart(
        UnifiedDiff.of(fix.changes()),
        fix.changes().stream().map(FileChange::file).toList(),
        fix.repairer(),
        score.value(),
        fix.description() + ". " + evidence + ".",
        chosen.concerns(),
        ranked.stream()
            .filter(r -> r != chosen)
            .limit(MAX_ALTERNATIVES)
            .map(
                r ->
                    new HealReport.Alternative(
                        r.where(),
                        r.candidate().repairer(),
                        r.candidate().description(),
                        r.concerns()))
            .toList(),
        score.parts());
  }

  /** The policy's decision on the fix, recorded in the audit trail before anything is delivered. */
  private PolicyDecision decide(HealRun run, Candidate fix, double confidence) {
    int recent = 0;
    if (run.policy.limits().fixesPerHour().isPresent()) {
      try {
        recent = RecentFixes.count(run.options.repo(), clock.instant(), Duration.ofHours(1));
      } catch (IOException e) {
        // Unknown is treated as over the limit: a limit that cannot be checked does not hold.
        run.warn("cannot count the repository's recent fixes: " + e.getMessage());
        recent = Integer.MAX_VALUE;
      }
    }
    PolicyDecision decision =
        run.policy.decide(
            new FixFacts(
                confidence,
                environment(run),
                criticality(run),
                fix.repairer(),
                fix.changes().stream().map(FileChange::file).toList(),
                fix.changes().stream().mapToInt(ChangedLines::count).sum(),
                recent));
    progress.report("policy", decision.explanation());
    run.audit(
        "policy.decided",
        "decision",
        decision.decision().id(),
        "explanation",
        decision.explanation(),
        "confidence",
        String.valueOf(confidence),
        "policy",
        run.policy.source());
    return decision;
  }

  private static String environment(HealRun run) {
    return run.options.delivery().environment().orElse(run.policy.environment());
  }

  private static String criticality(HealRun run) {
    return run.options.delivery().criticality().orElse(run.policy.criticality());
  }

  private static RankedLocation causeOf(Candidate fix, Diagnosis diagnosis) {
    Set<String> files = new LinkedHashSet<>();
    List<Integer> lines = new ArrayList<>();
    for (FileChange change : fix.changes()) {
      files.add(change.file());
      lines.addAll(ChangedLines.originalLines(change));
    }
    for (RankedLocation location : diagnosis.locations()) {
      if (files.contains(location.file()) && lines.contains(location.line())) {
        return location;
      }
    }
    for (RankedLocation location : diagnosis.locations()) {
      if (files.contains(location.file())) {
        return location;
      }
    }
    return diagnosis.locations().isEmpty() ? null : diagnosis.locations().get(0);
  }
}

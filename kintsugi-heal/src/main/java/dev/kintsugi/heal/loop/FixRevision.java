package dev.kintsugi.heal.loop;

import dev.kintsugi.core.deliver.FixCommit;
import dev.kintsugi.core.learn.Learner;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.heal.Text;
import dev.kintsugi.heal.deliver.BranchDelivery;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.search.PlausibleRanking;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one second try of an auto-merge whose checks failed on the project's own CI: the first fix
 * the checks refused is recorded as rejected (its repairer's track record counts it), and the next
 * plausible fix of the search at another place, once the build confirms it here, replaces it as a
 * new commit on the same branch. The failed checks' text is untrusted: it goes into the commit
 * message and the audit trail as quoted lines, never to a repairer or a command.
 */
final class FixRevision implements PullRequestDelivery.Revision {

  private final HealRun run;
  private final HealPipeline pipeline;
  private final FixDelivery.Solved solved;
  private final PlausibleRanking.Ranked first;
  private final List<PlausibleRanking.Ranked> ranked;
  private final Predicate<Candidate> confirm;
  private final String branch;
  private final Clock clock;
  private final Progress progress;

  FixRevision(
      HealRun run,
      HealPipeline pipeline,
      FixDelivery.Solved solved,
      PlausibleRanking.Ranked first,
      List<PlausibleRanking.Ranked> ranked,
      Predicate<Candidate> confirm,
      String branch,
      Clock clock,
      Progress progress) {
    this.run = run;
    this.pipeline = pipeline;
    this.solved = solved;
    this.first = first;
    this.ranked = ranked;
    this.confirm = confirm;
    this.branch = branch;
    this.clock = clock;
    this.progress = progress;
  }

  @Override
  public Optional<String> revise(List<String> failures) {
    learn(first.candidate(), "rejected");
    for (PlausibleRanking.Ranked next : ranked) {
      if (next == first || next.where().equals(first.where()) || run.expired()) {
        continue; // a variant at the same place would fail the same check
      }
      progress.report(
          "confirm",
          "the project's checks failed on the fix; running "
              + run.options.testCommand().orElse("mvn test")
              + " with "
              + next.candidate().description());
      if (!confirm.test(next.candidate())) {
        continue;
      }
      try {
        String evidence = FixDelivery.evidence(run, solved, next, ranked);
        StringBuilder message =
            new StringBuilder(FixDelivery.message(run, solved, next.candidate(), evidence));
        message
            .append("\nRevised: the project's checks failed on the first fix (")
            .append(HealLoop.shortSha(run.commit))
            .append("):\n");
        for (String failure : failures.subList(0, Math.min(5, failures.size()))) {
          message.append("  - ").append(Text.clip(Text.firstLine(failure), 160)).append('\n');
        }
        String commit =
            new BranchDelivery(clock)
                .advance(
                    new FixCommit(
                        solved.workspace().repository(),
                        solved.workspace().baseCommit(),
                        FixDelivery.committed(run, next.candidate()),
                        message.toString()),
                    branch,
                    run.commit);
        run.audit(
            "fix.revised",
            "branch",
            branch,
            "commit",
            commit,
            "replaces",
            run.commit,
            "repairer",
            next.candidate().repairer(),
            "description",
            next.candidate().description(),
            "failedChecks",
            Text.clip(String.join("; ", failures), 500));
        run.commit = commit;
        run.fix =
            FixDelivery.fixPart(
                next,
                ranked,
                FixDelivery.score(
                    run, pipeline, solved, next, PlausibleRanking.places(ranked).size()),
                evidence);
        run.warn(
            "the project's checks failed on the first fix ("
                + Text.clip(String.join("; ", failures), 200)
                + "); it was replaced by the next plausible fix, "
                + next.candidate().description());
        learn(next.candidate(), Learner.DELIVERED);
        return Optional.of(commit);
      } catch (IOException e) {
        run.warn("could not revise the fix branch: " + e.getMessage());
        return Optional.empty();
      }
    }
    run.warn(
        "the project's checks failed on the fix ("
            + Text.clip(String.join("; ", failures), 200)
            + ") and no other plausible fix at another place passed the build");
    return Optional.empty();
  }

  private void learn(Candidate fix, String outcome) {
    pipeline
        .learner()
        .ifPresent(
            learner -> {
              try {
                learner.learn(solved.failing(), fix, outcome);
              } catch (RuntimeException e) {
                run.warn("could not remember the fix: " + e.getMessage());
              }
            });
  }
}

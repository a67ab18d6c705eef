package dev.kintsugi.heal.production;

import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.incident.ApprovalOutcome;
import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.incident.FixApproval;
import dev.kintsugi.core.incident.FixRejection;
import dev.kintsugi.core.incident.HealSteps;
import dev.kintsugi.core.incident.IncidentHealOutcome;
import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.incident.IncidentHealer;
import dev.kintsugi.core.incident.PullRequestRef;
import dev.kintsugi.core.incident.RejectionOutcome;
import dev.kintsugi.core.incident.RevertOutcome;
import dev.kintsugi.core.incident.RevertRequest;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.heal.loop.DeliveryOptions;
import dev.kintsugi.heal.loop.HealLoop;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.HealOutcome;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.PreparationException;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.ReportWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Heals a production incident: finds the project's repository (a local working tree, or a clone of
 * its git URL), heals the commit the service ran (the event's release, when it names a commit
 * reachable from the project's trusted branches or tags: {@link TrustedRevision}), with a
 * reproduction test generated from the captured frames added to the failing tests, and delivers a
 * branch holding the test and the fix. Falls back to the error's stack trace and the existing tests
 * when no reproduction can be built, and says so in the report.
 *
 * <p>Delivery follows the request ({@link DeliveryRequest}): a branch, or a pull request against
 * the base branch (by default the repository's default branch) on the project's forge, with the
 * forge token of the template's {@link DeliveryOptions} (read once, where the healer is made) and
 * the policy the server gives, if any. A fix a person approves is merged ({@link #approve}), one
 * they reject is recorded so in the fix ledger and its pull request closed ({@link #reject}). After
 * release it answers whether a release contains a fix ({@link #contains}) and reverts a fix that
 * came back ({@link #revert}).
 *
 * <p>Stable API: the constructor, {@link #heal}, {@link #approve}, {@link #reject}, {@link
 * #contains}, {@link #revert}.
 */
public final class ProductionHealer implements IncidentHealer {

  private final HealOptions template;
  private final Repositories repositories;
  private final Progress progress;
  private final Clock clock;
  private final Function<IncidentHealRequest, Reproducer> reproducers;

  /**
   * @param template options every heal starts from (time budget, workers, model, memory, work
   *     directory); repository, revision and reproduction are set per incident
   * @param mirrors where repositories registered by URL are cloned
   */
  public ProductionHealer(HealOptions template, Path mirrors, Progress progress, Clock clock) {
    this(template, mirrors, progress, clock, GeneratedReproducer::new);
  }

  ProductionHealer(
      HealOptions template,
      Path mirrors,
      Progress progress,
      Clock clock,
      Function<IncidentHealRequest, Reproducer> reproducers) {
    this.template = template;
    this.repositories = new Repositories(mirrors);
    this.progress = progress;
    this.clock = clock;
    this.reproducers = reproducers;
  }

  @Override
  public IncidentHealOutcome heal(IncidentHealRequest request) {
    return heal(request, HealSteps.ignored());
  }

  /**
   * Heals, telling {@code steps} each stage of the heal as it begins (as {@link Progress} does).
   */
  @Override
  public IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps) {
    return heal(request, steps, template.audit());
  }

  /**
   * Heals, telling {@code steps} each stage and recording every action of the heal in {@code
   * audit}.
   */
  @Override
  public IncidentHealOutcome heal(IncidentHealRequest request, HealSteps steps, AuditLog audit) {
    Progress progress =
        (stage, message) -> {
          this.progress.report(stage, message);
          steps.step(stage, message);
        };
    Repositories.Resolved repo;
    try {
      repo = repositories.resolve(request.repository());
    } catch (IOException e) {
      return error(e.getMessage());
    }
    List<String> notes = new ArrayList<>();
    TrustedRevision.Choice choice =
        TrustedRevision.choose(repo, request.error().release(), request.trustedRefs());
    choice.note().ifPresent(notes::add);
    String revision = choice.revision();
    DeliveryOptions delivery;
    try {
      delivery = delivery(request, repo);
    } catch (IOException e) {
      return error("cannot deliver a pull request: " + e.getMessage());
    }
    HealOptions options =
        template
            .withRepo(repo.workTree())
            .withRevision(revision)
            .withReproducer(reproducers.apply(request))
            .withReport(null)
            .withDelivery(delivery)
            .withAudit(audit);
    HealOutcome outcome = new HealLoop(progress, clock).run(options);
    HealReport report = outcome.report();
    // A pull request's delivery pushed the branch itself (or, withheld, must not push it).
    if (report.status() == HealReport.Status.FIXED
        && report.branch() != null
        && delivery.mode() == DeliveryOptions.Mode.BRANCH) {
      String pushed = Repositories.push(repo, report.branch());
      if (!pushed.isEmpty()) {
        notes.add(pushed);
      }
    }
    report = report.withMoreWarnings(notes);
    boolean reproduced = report.reproduction() != null && report.reproduction().confirmed();
    String summary =
        report.reason()
            + (reproduced
                ? "; reproduced by " + report.reproduction().test()
                : report.reproduction() != null ? "; not reproduced by a test" : "");
    return new IncidentHealOutcome(
            wire(report.status()),
            summary,
            Optional.ofNullable(report.branch()),
            Optional.ofNullable(report.commit()),
            report.fix() == null ? Optional.empty() : Optional.of(report.fix().confidence()),
            reproduced,
            ReportWriter.toJson(report))
        .withDelivery(
            Optional.ofNullable(report.pullRequest())
                .map(pr -> new PullRequestRef(pr.url(), pr.number())),
            Optional.ofNullable(report.policy()).map(HealReport.PolicyPart::decision),
            Optional.ofNullable(report.pullRequest()).map(HealReport.PullRequestPart::mergeCommit));
  }

  /**
   * The heal's delivery: the template's (token, checks wait, webhooks) as the request asks. The
   * policy decides for the project's environment, else its own default, never the event's: events
   * are untrusted, and whoever holds a DSN key could otherwise pick the policy's loosest cell. A
   * pull request targets the given base branch, else the repository's default branch (the healed
   * commit is a release, not a branch).
   */
  private DeliveryOptions delivery(IncidentHealRequest request, Repositories.Resolved repo)
      throws IOException {
    DeliveryRequest asked = request.delivery();
    DeliveryOptions options =
        template
            .delivery()
            .withMode(asked.pullRequests() ? DeliveryOptions.Mode.PR : DeliveryOptions.Mode.BRANCH)
            .withContext(asked.environment().orElse(null), asked.criticality().orElse(null));
    if (asked.forge().isPresent()
        || asked.forgeUrl().isPresent()
        || asked.forgeRepo().isPresent()) {
      options =
          options.withForge(
              asked.forge().orElse(null),
              asked.forgeUrl().orElse(null),
              asked.forgeRepo().orElse(null));
    }
    if (asked.policy().isPresent()) {
      options = options.withPolicy(asked.policy().get());
    }
    if (!asked.webhooks().isEmpty()) {
      options = options.withNotify(asked.webhooks());
    }
    if (asked.branch().isPresent()) {
      options = options.withBranch(asked.branch().get());
    }
    if (asked.pullRequests()) {
      options = options.withBaseBranch(Repositories.baseBranch(repo, asked));
    }
    return options;
  }

  /** Whether the template holds a forge token, so fixes can become pull requests. */
  @Override
  public boolean opensPullRequests() {
    return template.delivery().token().present();
  }

  /**
   * Whether {@code release} contains one of {@code commits}, in the project's repository (a URL's
   * clone is fetched first: its branches and tags, never what the release names), trusting only
   * releases reachable from {@code trustedRefs} ({@link TrustedRevision#contains}).
   */
  @Override
  public boolean contains(
      String repository, String release, List<String> commits, List<String> trustedRefs) {
    try {
      return TrustedRevision.contains(
          repositories.resolve(repository), release, commits, trustedRefs);
    } catch (IOException | RuntimeException e) {
      progress.report("watch", "cannot tell what the release contains: " + e.getMessage());
      return false;
    }
  }

  /** Lowers the fix in the ledger and reverts it ({@link FixRevert}). */
  @Override
  public RevertOutcome revert(RevertRequest request, AuditLog audit) {
    Repositories.Resolved repo;
    try {
      repo = repositories.resolve(request.repository());
    } catch (IOException e) {
      return RevertOutcome.notReverted(
          "not reverted: " + e.getMessage(), "the fix ledger was not told");
    }
    return new FixRevert(template.memoryDir(), template.delivery().token(), progress, clock)
        .revert(repo, request, audit);
  }

  /** Merges the fix a person approved ({@link FixApprove}). */
  @Override
  public ApprovalOutcome approve(FixApproval approval, AuditLog audit) {
    Repositories.Resolved repo;
    try {
      repo = repositories.resolve(approval.repository());
    } catch (IOException e) {
      return ApprovalOutcome.failed("not merged: " + e.getMessage());
    }
    return new FixApprove(template.delivery().token(), progress, clock)
        .approve(repo, approval, audit);
  }

  /**
   * Records the fix a person rejected in the ledger and closes its pull request ({@link
   * FixReject}).
   */
  @Override
  public RejectionOutcome reject(FixRejection rejection, AuditLog audit) {
    Repositories.Resolved repo;
    try {
      repo = repositories.resolve(rejection.repository());
    } catch (IOException e) {
      return new RejectionOutcome(
          "nothing done: " + e.getMessage(),
          false,
          Optional.of(rejection.branch()),
          "the fix ledger was not told");
    }
    return new FixReject(template.memoryDir(), template.delivery().token(), progress, clock)
        .reject(repo, rejection, audit);
  }

  /**
   * Prepares the commit {@link #heal} would heal for {@code release} in the background, when the
   * options keep prepared releases; the repository is cloned or fetched first for a URL.
   */
  @Override
  public void prepare(String repository, String release, List<String> trustedRefs) {
    if (template.releases().isEmpty()) {
      return;
    }
    Releases releases = template.releases().get();
    Thread thread =
        new Thread(
            () -> {
              try {
                Repositories.Resolved repo = repositories.resolve(repository);
                String revision =
                    TrustedRevision.choose(
                            repo, java.util.Optional.ofNullable(release), trustedRefs)
                        .revision();
                releases.prepare(
                    repo.workTree(),
                    revision,
                    new Releases.Settings(
                        template.sandbox(), template.testCommand(), template.timeout()),
                    message -> this.progress.report("prepare", message));
              } catch (PreparationException | IOException | RuntimeException e) {
                this.progress.report("prepare", "cannot prepare " + repository + ": " + e);
              }
            },
            "kintsugi-prepare-" + repository.hashCode());
    thread.setDaemon(true);
    thread.start();
  }

  private static String wire(HealReport.Status status) {
    return status == HealReport.Status.HEALTHY
        ? "not_fixed"
        : status.name().toLowerCase(Locale.ROOT);
  }

  private static IncidentHealOutcome error(String why) {
    return IncidentHealOutcome.error(why, ReportWriter.toJson(HealReport.error(why)));
  }
}

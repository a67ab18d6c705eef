package dev.kintsugi.heal.loop;

import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.core.reproduce.Reproduction;
import dev.kintsugi.heal.Text;
import dev.kintsugi.heal.deliver.PullRequestDelivery;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.report.SourceLines;
import dev.kintsugi.heal.search.SearchTally;
import dev.kintsugi.heal.validate.SizeLimits;
import dev.kintsugi.heal.validate.WorkerBench;
import dev.kintsugi.llm.LlmRepairer;
import dev.kintsugi.llm.LlmUsage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one heal has learned so far, turned into its report at the end: the budget, warnings, the
 * stages' results as they come in. Confined to the heal's thread.
 */
final class HealRun {

  /** How many of the diagnosis's locations the report lists. */
  static final int TOP_LOCATIONS = 20;

  final HealOptions options;
  private final Clock clock;
  private final Progress progress;
  private final long start;
  private final List<String> warnings = new ArrayList<>();
  final SearchTally tally = new SearchTally();

  /** {@code class#method} of failing tests that need a service the sandbox cannot reach. */
  final Set<String> serviceTests = new HashSet<>();

  String baseCommit;
  List<String> failingTests = List.of();
  Diagnosis diagnosis;

  /**
   * The source text of the diagnosis's top lines, read from the healed tree ({@link SourceLines}).
   */
  Map<String, String> locationCode = Map.of();

  HealReport.FixPart fix;
  String branch;
  String commit;
  int rounds;
  long localizeMs;
  long localizeStart;
  long prepareMs;
  long confirmMs;

  /** How many fixes the build that confirmed this heal's fix held (1: it alone). */
  int confirmedTogether = 1;

  Optional<Reproduction> reproduction = Optional.empty();
  String productionTrace = "";
  Path scratch;

  /** The policy that decides how far a fix goes: the repository's, or none until it is read. */
  Policy policy = Policy.NONE;

  HealReport.PolicyPart policyPart;

  /** Where the pull request goes, with {@code --deliver pr}; resolved before any build. */
  PullRequestDelivery.Route route;

  HealReport.PullRequestPart pullRequest;
  WorkerBench bench;
  LlmRepairer llm;

  HealRun(HealOptions options, Clock clock, Progress progress) {
    this.options = options;
    this.clock = clock;
    this.progress = progress;
    this.start = clock.millis();
  }

  void warn(String warning) {
    warnings.add(warning);
    progress.report("warning", warning);
  }

  /**
   * Records an action in the heal's audit trail; {@code keyValues} alternate keys and values.
   *
   * @throws dev.kintsugi.core.audit.AuditException when it cannot: the action must not go ahead
   */
  void audit(String action, String... keyValues) {
    options.audit().append(AuditRecord.system(action, keyValues));
  }

  /** The reproduction test that judges fixes: it failed like the production error. */
  Optional<Reproducer.ReproductionTest> reproductionTest() {
    return reproduction.flatMap(Reproduction::reproducing);
  }

  /** The size limits of a fix: the heal's, tightened by the policy's. */
  SizeLimits limits() {
    SizeLimits heal = options.limits();
    return new SizeLimits(
        Math.min(
            heal.maxChangedLines(),
            policy.limits().maxChangedLines().orElse(heal.maxChangedLines())),
        Math.min(heal.maxFiles(), policy.limits().maxChangedFiles().orElse(heal.maxFiles())));
  }

  /** Time left of the budget, at least a second (a build given less cannot even start). */
  Duration remaining() {
    long left = options.timeout().toMillis() - (clock.millis() - start);
    return Duration.ofMillis(Math.max(1_000, left));
  }

  boolean expired() {
    return clock.millis() - start >= options.timeout().toMillis();
  }

  HealOutcome finish(HealReport.Status status, String reason, int exitCode) {
    if (bench != null) {
      bench.warnings().forEach(this::warn);
    }
    HealReport.DiagnosisPart diag =
        diagnosis == null
            ? null
            : new HealReport.DiagnosisPart(
                diagnosis.top(TOP_LOCATIONS).stream()
                    .map(
                        l ->
                            new HealReport.Location(
                                l.file(),
                                l.line(),
                                Math.round(l.score() * 1000) / 1000.0,
                                locationCode.get(SourceLines.key(l.file(), l.line()))))
                    .toList(),
                diagnosis.summary());
    HealReport report =
        new HealReport(
            status,
            reason,
            options.repo().toAbsolutePath().normalize().toString(),
            baseCommit,
            branch,
            commit,
            failingTests,
            diag,
            fix,
            new HealReport.CandidateCounts(
                tally.generated(),
                tally.tested(),
                tally.plausible(),
                bench == null ? 0 : bench.warmRuns(),
                tally.toFirstPlausible()),
            rounds,
            new HealReport.Timings(
                clock.millis() - start,
                localizeMs,
                tally.generateMs(),
                tally.validateMs(),
                prepareMs,
                confirmMs),
            warnings,
            tally.rejectedBy(),
            llm == null ? null : llmPart(llm),
            reproduction.map(HealRun::reproductionPart).orElse(null),
            policyPart,
            pullRequest);
    return new HealOutcome(report, exitCode);
  }

  static HealReport.ReproductionPart reproductionPart(Reproduction reproduction) {
    Optional<Reproducer.ReproductionTest> test = reproduction.generated();
    String source = test.map(Reproducer.ReproductionTest::source).orElse(null);
    List<String> notes = reproduction.notes();
    if (source != null) {
      String kept = Text.utf8Prefix(source, HealReport.ReproductionPart.MAX_SOURCE_BYTES);
      if (kept.length() < source.length()) {
        notes = new ArrayList<>(notes);
        notes.add(
            "source truncated: the report keeps the first "
                + HealReport.ReproductionPart.MAX_SOURCE_BYTES / 1024
                + " KiB of the test's "
                + source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + " bytes");
        source = kept;
      }
    }
    return new HealReport.ReproductionPart(
        test.map(t -> t.id().toString()).orElse(null),
        test.map(Reproducer.ReproductionTest::file).orElse(null),
        reproduction.reproducing().isPresent(),
        notes,
        source);
  }

  private static HealReport.LlmPart llmPart(LlmRepairer llm) {
    LlmUsage usage = llm.usage();
    String diagnosis = llm.diagnosis();
    return new HealReport.LlmPart(
        llm.id(),
        usage.requests(),
        usage.failedRequests(),
        usage.totalTokens(),
        diagnosis == null || diagnosis.isBlank() ? null : diagnosis,
        usage.stoppedReason() == null || usage.stoppedReason().isBlank()
            ? null
            : usage.stoppedReason());
  }
}

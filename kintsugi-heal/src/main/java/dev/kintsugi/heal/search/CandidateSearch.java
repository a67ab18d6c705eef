package dev.kintsugi.heal.search;

import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.core.signal.TestOutcome;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.java.repair.TemplateRepairer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The candidate search, one round at a time: every repairer proposes for the round's locations
 * (told why the last round's candidates failed), from round 2 the best partial fixes are combined,
 * duplicates of earlier rounds are dropped, and the rest are validated best score first until the
 * budget, the per-round cap or the exploration after the first plausible fix ends the round.
 *
 * <p>Knows nothing of Maven or test JVMs: a candidate's verdict comes from the validation function.
 */
public final class CandidateSearch implements AutoCloseable {

  /** Ranked locations offered to the repairers in rounds 1, 2 and 3 onwards. */
  static final int[] LOCATIONS_PER_ROUND = {10, 25, 50};

  static final int MAX_PARTIALS_COMBINED = 8;

  /**
   * How the search spends its budget.
   *
   * @param workers candidates validated at once
   * @param exploreAfterPlausible candidates still validated after the round's first plausible one
   * @param maxTestedPerRound candidates tested at most per round
   */
  public record Settings(int workers, int exploreAfterPlausible, int maxTestedPerRound) {
    public Settings {
      if (workers < 1 || exploreAfterPlausible < 0 || maxTestedPerRound < 1) {
        throw new IllegalArgumentException(
            "workers and maxTestedPerRound must be >= 1, exploreAfterPlausible >= 0");
      }
    }
  }

  /**
   * What the search works on.
   *
   * @param root the workspace repairers read
   * @param diagnosis the ranked locations
   * @param failing the failing tests the fix must make pass
   */
  public record Problem(Path root, Diagnosis diagnosis, List<TestOutcome> failing) {
    public Problem {
      failing = List.copyOf(failing);
    }
  }

  private final List<Repairer> repairers;
  private final Function<Candidate, Verdict> validator;
  private final Problem problem;
  private final Settings settings;
  private final BooleanSupplier expired;
  private final Progress progress;
  private final Consumer<String> warn;
  private final Clock clock;
  private final SearchTally tally;
  private final ExecutorService pool;
  private final Set<String> seen = new HashSet<>();
  private final List<Verdict> partials = new ArrayList<>();
  private final List<Verdict> roundVerdicts = new ArrayList<>();

  /**
   * @param validator a candidate's verdict; thread-safe when {@code settings.workers() > 1}
   * @param expired whether the heal's time budget is spent
   * @param warn receives warnings for the report (a repairer that failed)
   */
  public CandidateSearch(
      List<Repairer> repairers,
      Function<Candidate, Verdict> validator,
      Problem problem,
      Settings settings,
      BooleanSupplier expired,
      Progress progress,
      Consumer<String> warn,
      Clock clock,
      SearchTally tally) {
    this.repairers = List.copyOf(repairers);
    this.validator = validator;
    this.problem = problem;
    this.settings = settings;
    this.expired = expired;
    this.progress = progress;
    this.warn = warn;
    this.clock = clock;
    this.tally = tally;
    this.pool = settings.workers() > 1 ? Executors.newFixedThreadPool(settings.workers()) : null;
  }

  /** Generates and validates round {@code round}'s candidates; returns the plausible ones. */
  public List<Verdict> round(int round) {
    List<Candidate> fresh = generate(round);
    long validateStart = clock.millis();
    roundVerdicts.clear();
    List<Verdict> plausible = new ArrayList<>();
    int testedThisRound = 0;
    int afterFirst = 0;
    long lastReport = clock.millis();
    int next = 0;
    // Candidates are validated in windows of `workers`, concurrently; verdicts are consumed in
    // candidate order so the outcome does not depend on which worker finishes first.
    while (next < fresh.size()) {
      if (expired.getAsBoolean() || testedThisRound >= settings.maxTestedPerRound()) {
        break;
      }
      if (!plausible.isEmpty() && afterFirst >= settings.exploreAfterPlausible()) {
        break;
      }
      int end = Math.min(fresh.size(), next + settings.workers());
      List<Verdict> verdicts = validateAll(fresh.subList(next, end));
      next = end;
      roundVerdicts.addAll(verdicts);
      for (Verdict verdict : verdicts) {
        if (!plausible.isEmpty()) {
          afterFirst++;
        }
        if (verdict.tested()) {
          tally.countTested();
          testedThisRound++;
        }
        verdict.rejection().ifPresent(g -> tally.rejected(g.gate()));
        if (verdict.plausible()) {
          tally.firstPlausible();
          plausible.add(verdict);
          progress.report("validate", "plausible: " + verdict.candidate().description());
        } else if (verdict.testsFixed() > 0) {
          partials.add(verdict);
        }
      }
      if (clock.millis() - lastReport > 5_000) {
        lastReport = clock.millis();
        progress.report(
            "validate",
            tally.tested()
                + " tested, "
                + plausible.size()
                + " plausible, "
                + partials.size()
                + " partial");
      }
    }
    tally.validated(plausible.size(), clock.millis() - validateStart);
    progress.report(
        "validate",
        String.format(
            Locale.ROOT,
            "round %d: %d tested, %d plausible, %d partial",
            round,
            testedThisRound,
            plausible.size(),
            partials.size()));
    return plausible;
  }

  private List<Candidate> generate(int round) {
    long start = clock.millis();
    int locations = LOCATIONS_PER_ROUND[Math.min(round, LOCATIONS_PER_ROUND.length) - 1];
    // Self-correction: every repairer sees why the last round's candidates failed.
    RepairRequest request =
        new RepairRequest(
            problem.root(), problem.diagnosis(), problem.failing(), round, locations, feedback());
    List<Candidate> proposed = new ArrayList<>();
    for (Repairer repairer : repairers) {
      try {
        proposed.addAll(repairer.propose(request));
      } catch (RuntimeException e) {
        // A repairer is a plug-in: its failure costs its candidates, never the heal.
        warn.accept("repairer " + repairer.name() + " failed: " + e.getMessage());
      }
    }
    if (round >= 2) {
      proposed.addAll(combinations(proposed));
    }
    List<Candidate> fresh = new ArrayList<>();
    for (Candidate c : proposed) {
      if (seen.add(key(c))) {
        fresh.add(c);
      }
    }
    // One order for every repairer's candidates: model and template candidates interleave by score.
    fresh.sort(Comparator.comparingDouble(Candidate::score).reversed());
    tally.generated(fresh.size(), clock.millis() - start);
    progress.report(
        "repair",
        String.format(
            Locale.ROOT,
            "round %d: %d new candidate(s) from the top %d location(s)",
            round,
            fresh.size(),
            Math.min(locations, problem.diagnosis().locations().size())));
    return fresh;
  }

  /**
   * The last round's verdicts of model candidates and its best partial fixes (empty before the
   * first round): the next round's hints.
   */
  List<Verdict> feedback() {
    List<Verdict> hints = new ArrayList<>();
    for (Verdict v : roundVerdicts) {
      if (v.candidate().repairer().startsWith("llm:")) {
        hints.add(v);
      }
    }
    roundVerdicts.stream()
        .filter(v -> !v.candidate().repairer().startsWith("llm:") && v.testsFixed() > 0)
        .limit(5)
        .forEach(hints::add);
    return hints;
  }

  private List<Verdict> validateAll(List<Candidate> batch) {
    if (batch.size() == 1 || pool == null) {
      return batch.stream().map(validator).toList();
    }
    List<Future<Verdict>> futures = new ArrayList<>();
    for (Candidate candidate : batch) {
      futures.add(pool.submit(() -> validator.apply(candidate)));
    }
    List<Verdict> verdicts = new ArrayList<>();
    for (Future<Verdict> future : futures) {
      try {
        verdicts.add(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(f -> f.cancel(true));
        throw new CancellationException("heal interrupted");
      } catch (ExecutionException e) {
        throw new IllegalStateException("validation failed: " + e.getCause(), e.getCause());
      }
    }
    return verdicts;
  }

  /** Two-edit candidates: best partial fixes combined with each other and with new ones. */
  private List<Candidate> combinations(List<Candidate> proposed) {
    List<Candidate> best =
        partials.stream()
            .sorted(
                Comparator.comparingInt(Verdict::testsFixed)
                    .reversed()
                    .thenComparing(v -> -v.candidate().score()))
            .limit(MAX_PARTIALS_COMBINED)
            .map(Verdict::candidate)
            .toList();
    List<Candidate> combined = new ArrayList<>();
    for (int i = 0; i < best.size(); i++) {
      for (int j = i + 1; j < best.size(); j++) {
        TemplateRepairer.combine(best.get(i), best.get(j)).ifPresent(combined::add);
      }
      for (Candidate other : proposed.subList(0, Math.min(30, proposed.size()))) {
        TemplateRepairer.combine(best.get(i), other).ifPresent(combined::add);
      }
    }
    return combined;
  }

  /** Same files with the same new content: the same candidate, whoever proposed it. */
  private static String key(Candidate c) {
    StringBuilder key = new StringBuilder();
    for (FileChange change : c.changes()) {
      key.append(change.file())
          .append('\0')
          .append(change.after().hashCode())
          .append('\0')
          .append(change.after().length())
          .append('\n');
    }
    return key.toString();
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}

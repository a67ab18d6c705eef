package dev.kintsugi.heal.search;

import com.github.javaparser.ParseResult;
import com.github.javaparser.Range;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.CallableDeclaration;
import dev.kintsugi.core.diagnose.Coverage;
import dev.kintsugi.core.diagnose.Diagnosis;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.ChangedSpan;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.signal.TestId;
import dev.kintsugi.core.validate.Verdict;
import dev.kintsugi.heal.validate.ChangedLines;
import dev.kintsugi.heal.validate.JavaSources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders the plausible fixes of a round by how likely each is right, not only by size: every one
 * passed the same tests, so what tells them apart is where they edit and what they leave behind.
 * The first is confirmed and delivered; the others are reported as alternatives.
 *
 * <p>Order: fewest concerns (an edit no failing test executes; a variable the edit leaves unread),
 * then fewest changed lines, then the more suspicious location (the diagnosis' score of the changed
 * lines, in steps of 0.1 so that noise in the spectrum does not outweigh size), then fewest changed
 * characters (an operator swap before a clamp that wraps the expression), then the candidate's own
 * score.
 */
public final class PlausibleRanking {

  /**
   * What the ranking weighs a fix against.
   *
   * @param diagnosis the ranked suspicious lines
   * @param coverage per-test covered lines of the coverage run
   * @param failing the failing tests the fixes were made for
   */
  public record Evidence(Diagnosis diagnosis, Coverage coverage, Set<TestId> failing) {
    public Evidence {
      failing = Set.copyOf(failing);
    }

    /** No evidence beyond the patches themselves: size decides. */
    public static Evidence none() {
      return new Evidence(new Diagnosis(List.of(), ""), Coverage.empty(), Set.of());
    }
  }

  /**
   * A plausible fix with what the ranking saw in it.
   *
   * @param concerns why it may be wrong, in words for the report; empty when none
   * @param location the diagnosis' score of its most suspicious changed line (0 when unranked)
   * @param where {@code file:line} of its first changed line
   */
  public record Ranked(Verdict verdict, List<String> concerns, double location, String where) {
    public Ranked {
      concerns = List.copyOf(concerns);
    }

    public Candidate candidate() {
      return verdict.candidate();
    }
  }

  private PlausibleRanking() {}

  /** The plausible fixes, most likely right first. */
  public static List<Ranked> rank(List<Verdict> plausible, Evidence evidence) {
    return plausible.stream()
        .map(v -> assess(v, evidence))
        .sorted(
            Comparator.comparingInt((Ranked r) -> r.concerns().size())
                .thenComparingInt(r -> changedLines(r.candidate()))
                .thenComparingInt(r -> changedChars(r.candidate()))
                .thenComparing(r -> -r.location())
                .thenComparing(r -> -r.candidate().score()))
        .toList();
  }

  /**
   * Distinct places ({@code file:line}) the fixes edit: more than one means the tests let it open.
   */
  public static Set<String> places(List<Ranked> ranked) {
    Set<String> places = new LinkedHashSet<>();
    ranked.forEach(r -> places.add(r.where()));
    return places;
  }

  static Ranked assess(Verdict verdict, Evidence evidence) {
    Candidate candidate = verdict.candidate();
    List<String> concerns = new ArrayList<>();
    boolean anyFailingCovered = false;
    boolean executed = false;
    boolean inCode = false;
    double location = 0;
    String where = "";
    for (FileChange change : candidate.changes()) {
      List<Integer> lines = ChangedLines.originalLines(change);
      if (where.isEmpty() && !lines.isEmpty()) {
        where = change.file() + ":" + lines.get(0);
      }
      // Judged per method, not per line: JaCoCo marks no line of a block a throw cut short (the
      // condition above an out-of-bounds index, a call that throws), while the failing test did
      // run them. A method the failing tests entered (its lines covered, or in their traces)
      // counts as executed.
      List<int[]> methods = enclosingMethods(change.before(), lines);
      inCode |= !methods.isEmpty();
      for (TestId test : evidence.failing()) {
        Map<String, Set<Integer>> covered = evidence.coverage().linesByTest().get(test);
        if (covered == null) {
          continue;
        }
        anyFailingCovered = true;
        for (int line : covered.getOrDefault(change.file(), Set.of())) {
          executed |= methods.stream().anyMatch(m -> line >= m[0] && line <= m[1]);
        }
      }
      for (RankedLocation l : evidence.diagnosis().locations()) {
        if (l.file().equals(change.file()) && lines.contains(l.line())) {
          location = Math.max(location, l.score());
        }
        if (l.file().equals(change.file())
            && methods.stream().anyMatch(m -> l.line() >= m[0] && l.line() <= m[1])) {
          executed = true; // in a failing test's stack trace or coverage
        }
      }
      for (String variable : OrphanedReads.of(change)) {
        concerns.add("leaves " + variable + " unread");
      }
    }
    // Only code in method bodies: a constant's initializer runs once, in whichever test loads the
    // class first, and a compile-time constant has no line to cover at all.
    if (anyFailingCovered && inCode && !executed) {
      concerns.add("changes code no failing test executes");
    }
    return new Ranked(verdict, concerns, location, where);
  }

  /** The line ranges {first, last} of the methods and constructors holding some of the lines. */
  private static List<int[]> enclosingMethods(String source, List<Integer> lines) {
    ParseResult<CompilationUnit> parsed = JavaSources.parse(source);
    if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
      return List.of();
    }
    List<int[]> methods = new ArrayList<>();
    for (CallableDeclaration<?> callable :
        parsed.getResult().get().findAll(CallableDeclaration.class)) {
      Optional<Range> range = callable.getRange();
      if (range.isPresent()
          && lines.stream()
              .anyMatch(l -> l > range.get().begin.line && l <= range.get().end.line)) {
        methods.add(new int[] {range.get().begin.line, range.get().end.line});
      }
    }
    return methods;
  }

  static int changedLines(Candidate candidate) {
    return candidate.changes().stream().mapToInt(ChangedLines::count).sum();
  }

  /** Characters between the common prefix and suffix of each file, before plus after. */
  static int changedChars(Candidate candidate) {
    return candidate.changes().stream()
        .mapToInt(c -> ChangedSpan.of(c.before(), c.after()).size())
        .sum();
  }
}

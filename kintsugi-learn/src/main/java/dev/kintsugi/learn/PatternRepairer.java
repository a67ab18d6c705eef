package dev.kintsugi.learn;

import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.Descriptions;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.learn.pattern.PatternMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposes the edits learned from earlier fixes, in any project, at the suspicious lines of this
 * one: where a node's abstraction equals a pattern's before, the pattern's after is written there.
 * Candidates say which pattern and where it was learned. Repairer strings {@code pattern:<kind>}.
 * Reads the workspace, never writes it.
 */
public final class PatternRepairer implements Repairer {

  public static final String NAME = "pattern";

  /**
   * A learned edit matched structurally at a suspicious line: worth as much as a template that
   * worked many times (the memory caps those multipliers at 3), so it is tried before the
   * templates' guesses at nearby lines. Patterns match rarely, so trying them first costs a few
   * candidates.
   */
  static final double PRIOR = 3.0;

  static final double SAME_CONTEXT_BONUS = 1.1;

  private final List<LearnedPattern> patterns;

  public PatternRepairer(List<LearnedPattern> patterns) {
    this.patterns = List.copyOf(patterns);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<Candidate> propose(RepairRequest request) {
    if (patterns.isEmpty()) {
      return List.of();
    }
    Map<String, Optional<String>> sources = new HashMap<>();
    Map<String, Optional<PatternMatcher>> matchers = new HashMap<>();
    List<Candidate> candidates = new ArrayList<>();
    for (RankedLocation location : request.diagnosis().top(request.maxLocations())) {
      Optional<String> source =
          sources.computeIfAbsent(location.file(), f -> WorkspaceFile.read(request.root(), f));
      Optional<PatternMatcher> matcher =
          matchers.computeIfAbsent(location.file(), f -> source.flatMap(PatternMatcher::of));
      if (matcher.isEmpty()) {
        continue;
      }
      for (LearnedPattern learned : patterns) {
        for (PatternMatcher.Match match :
            matcher.get().matches(learned.pattern(), location.line())) {
          double prior =
              PRIOR
                  * (1 + 0.25 * Math.log(learned.count()))
                  * (match.sameContext() ? SAME_CONTEXT_BONUS : 1);
          candidates.add(
              new Candidate(
                  NAME + ":" + learned.pattern().kind(),
                  Descriptions.oneLine(
                      "learned pattern "
                          + learned.pattern().describe()
                          + " at "
                          + location.file().substring(location.file().lastIndexOf('/') + 1)
                          + ":"
                          + location.line()
                          + " (learned from "
                          + learned.origin()
                          + ")",
                      300),
                  List.of(new FileChange(location.file(), source.get(), match.after())),
                  location.score() * prior));
        }
      }
    }
    return candidates;
  }
}

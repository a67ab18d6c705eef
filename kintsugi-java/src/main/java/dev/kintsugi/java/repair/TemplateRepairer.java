package dev.kintsugi.java.repair;

import com.github.javaparser.ast.CompilationUnit;
import dev.kintsugi.core.diagnose.RankedLocation;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.repair.RepairRequest;
import dev.kintsugi.core.repair.Repairer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Proposes single-edit fixes from AST templates applied to the ranked suspicious lines: operator,
 * condition, boundary and constant mutations, wrong variables and arguments, null guards, missing
 * {@code return}/{@code break}/increment, and more (see {@link #templateNames()}).
 *
 * <p>Every candidate changes only the tokens it must; the rest of the file stays byte-identical. A
 * candidate's score is the location's score times the template's prior (times an optional learned
 * multiplier) times the proposal's weight within its template (e.g. a neighbouring comparison
 * operator before a far one, see {@link OperatorPriors}); a template's proposals on a line are
 * capped at {@link #MAX_PER_TEMPLATE}, highest weight first. Candidates are deduplicated by
 * resulting file text and returned best first. From round 2 on, lines up to two away from each
 * ranked location are tried too, at a discount. Files that cannot be read or parsed, and templates
 * that fail on a node, are skipped: this repairer never throws for bad input.
 *
 * <p>Thread-safe; never writes to the workspace.
 */
public final class TemplateRepairer implements Repairer {

  /** At most this many candidates per template per line, so no template floods the validator. */
  static final int MAX_PER_TEMPLATE = 8;

  /** Score factor for a line {@code d} lines away from a ranked location, indexed by {@code d}. */
  private static final double[] NEIGHBOUR_DISCOUNT = {1.0, 0.5, 0.25};

  /** Files larger than this are not templated: they are generated or data, not hand-written. */
  private static final long MAX_FILE_BYTES = 2_000_000;

  private static final String PREFIX = "template:";

  /** The templates for a workspace root: some look up project types under it. */
  private final Function<Path, List<Template>> templates;

  private final List<String> templateNames;
  private final Map<String, Double> priorMultipliers;

  /** All built-in templates at their default priors. */
  public TemplateRepairer() {
    this(Map.of());
  }

  /**
   * All built-in templates, each prior multiplied by the factor given for its name (learned from
   * past fixes); templates not in the map keep their default prior.
   *
   * @throws IllegalArgumentException if a multiplier is negative, infinite or NaN
   */
  public TemplateRepairer(Map<String, Double> priorMultipliers) {
    this(root -> TemplateCatalog.all(new WorkspaceTypes(root)), priorMultipliers);
  }

  /** A repairer with fixed templates, for tests. */
  TemplateRepairer(List<Template> templates, Map<String, Double> priorMultipliers) {
    this(root -> List.copyOf(templates), priorMultipliers);
  }

  private TemplateRepairer(
      Function<Path, List<Template>> templates, Map<String, Double> priorMultipliers) {
    this.templates = templates;
    // Which templates there are does not depend on the root; what they find there does.
    this.templateNames = templates.apply(Path.of("")).stream().map(Template::name).toList();
    priorMultipliers.forEach(
        (name, multiplier) -> {
          if (multiplier == null || !(multiplier >= 0) || multiplier.isInfinite()) {
            throw new IllegalArgumentException(
                "prior multiplier for "
                    + name
                    + " must be a finite number >= 0, was "
                    + multiplier);
          }
        });
    this.priorMultipliers = Map.copyOf(priorMultipliers);
  }

  @Override
  public String name() {
    return "template";
  }

  /** The names of the templates this repairer applies, e.g. {@code relational-operator}. */
  public List<String> templateNames() {
    return templateNames;
  }

  @Override
  public List<Candidate> propose(RepairRequest request) {
    Map<String, Optional<ParsedFile>> files = new HashMap<>();
    Map<String, Ranked> best = new LinkedHashMap<>();
    List<Template> templates = this.templates.apply(request.root());
    for (Target target : targets(request)) {
      Optional<ParsedFile> file =
          files.computeIfAbsent(target.file(), f -> ParsedFile.load(request.root(), f));
      if (file.isEmpty() || target.line() > file.get().lineCount()) {
        continue;
      }
      for (Template template : templates) {
        for (Candidate candidate : candidates(template, file.get(), target)) {
          Ranked ranked = Ranked.of(candidate);
          best.merge(ranked.key(), ranked, Ranked::better);
        }
      }
    }
    return best.values().stream().sorted(Ranked.BEST_FIRST).map(Ranked::candidate).toList();
  }

  /**
   * Merges two candidates that edit different places of the same file into one applying both,
   * scored {@code a.score * b.score} and named {@code template:<a>+<b>}. Empty when they are not
   * single-file candidates of the same file and base text, or when their edits overlap or touch.
   */
  public static Optional<Candidate> combine(Candidate a, Candidate b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.changes().size() != 1 || b.changes().size() != 1) {
      return Optional.empty();
    }
    FileChange first = a.changes().get(0);
    FileChange second = b.changes().get(0);
    if (!first.file().equals(second.file()) || !first.before().equals(second.before())) {
      return Optional.empty();
    }
    TextEdit firstEdit = TextEdit.between(first.before(), first.after());
    TextEdit secondEdit = TextEdit.between(second.before(), second.after());
    if (firstEdit.size() == 0 || secondEdit.size() == 0 || firstEdit.touches(secondEdit)) {
      return Optional.empty();
    }
    String after = TextEditApplier.apply(first.before(), List.of(firstEdit, secondEdit));
    return Optional.of(
        new Candidate(
            PREFIX + stripPrefix(a.repairer()) + "+" + stripPrefix(b.repairer()),
            a.description() + "; " + b.description(),
            List.of(new FileChange(first.file(), first.before(), after)),
            a.score() * b.score()));
  }

  private List<Candidate> candidates(Template template, ParsedFile file, Target target) {
    List<Proposal> proposals;
    try {
      proposals = template.edits(file.ast(), file.text(), target.line());
    } catch (RuntimeException | StackOverflowError e) {
      return List.of(); // a template bug must not cost the other templates their candidates
    }
    double score =
        target.score() * template.prior() * priorMultipliers.getOrDefault(template.name(), 1.0);
    // Most likely edits first, so the cap keeps them (stable: ties keep the template's order).
    proposals =
        proposals.stream().sorted(Comparator.comparingDouble(Proposal::weight).reversed()).toList();
    List<Candidate> candidates = new ArrayList<>();
    for (Proposal proposal : proposals) {
      if (candidates.size() == MAX_PER_TEMPLATE) {
        break;
      }
      String after;
      try {
        after = proposal.applyTo(file.text());
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (!after.equals(file.text())) {
        String where = " at " + fileName(target.file()) + ":" + target.line();
        candidates.add(
            new Candidate(
                PREFIX + template.name(),
                proposal.description() + where,
                List.of(new FileChange(target.file(), file.text(), after)),
                score * proposal.weight()));
      }
    }
    return candidates;
  }

  /**
   * The lines to try with their scores: ranked locations, and their neighbours from round 2, or
   * already in round 1 when fewer lines are ranked than the round may try. Neighbours matter when
   * coverage misses lines: JaCoCo records a line only when a probe after it runs, so the lines
   * leading to a throw (the {@code if} that guards the failing access) look unexecuted by the
   * failing test.
   */
  private static List<Target> targets(RepairRequest request) {
    List<RankedLocation> ranked = request.diagnosis().top(Math.max(0, request.maxLocations()));
    Map<String, Target> byLine = new LinkedHashMap<>();
    for (RankedLocation location : ranked) {
      Target target = new Target(location.file(), location.line(), location.score());
      byLine.merge(target.key(), target, Target::higher);
    }
    if (request.round() >= 2 || ranked.size() < request.maxLocations()) {
      Map<String, Target> neighbours = new LinkedHashMap<>();
      for (RankedLocation location : ranked) {
        for (int distance = 1; distance < NEIGHBOUR_DISCOUNT.length; distance++) {
          for (int line : new int[] {location.line() - distance, location.line() + distance}) {
            Target target =
                new Target(location.file(), line, location.score() * NEIGHBOUR_DISCOUNT[distance]);
            if (line >= 1 && !byLine.containsKey(target.key())) {
              neighbours.merge(target.key(), target, Target::higher);
            }
          }
        }
      }
      byLine.putAll(neighbours);
    }
    return List.copyOf(byLine.values());
  }

  private static String fileName(String file) {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  private static String stripPrefix(String repairer) {
    return repairer.startsWith(PREFIX) ? repairer.substring(PREFIX.length()) : repairer;
  }

  /** A line to template and the score its candidates start from. */
  private record Target(String file, int line, double score) {
    String key() {
      return file + ":" + line;
    }

    Target higher(Target other) {
      return other.score > score ? other : this;
    }
  }

  /** A source file read from the workspace with its AST. */
  private record ParsedFile(String text, CompilationUnit ast, int lineCount) {

    /** The parsed file, or empty when it is missing, outside the root, too big or not Java. */
    static Optional<ParsedFile> load(Path root, String file) {
      try {
        Path rootPath = root.toAbsolutePath().normalize();
        Path path = rootPath.resolve(file).normalize();
        if (!path.startsWith(rootPath)
            || !file.endsWith(".java")
            || !Files.isRegularFile(path)
            || Files.size(path) > MAX_FILE_BYTES) {
          return Optional.empty();
        }
        String text = Files.readString(path);
        return JavaSourceParser.parse(text)
            .map(ast -> new ParsedFile(text, ast, SourceText.of(text).lineCount()));
      } catch (IOException | RuntimeException e) {
        // unreadable, not UTF-8, an invalid path: nothing to template here
        return Optional.empty();
      }
    }
  }

  /** A candidate with the size of its edit, for deduplication and tie-breaking. */
  private record Ranked(Candidate candidate, int editSize, String key) {

    static final Comparator<Ranked> BEST_FIRST =
        Comparator.comparingDouble((Ranked r) -> r.candidate.score())
            .reversed()
            .thenComparingInt(Ranked::editSize);

    static Ranked of(Candidate candidate) {
      FileChange change = candidate.changes().get(0);
      int size = TextEdit.between(change.before(), change.after()).size();
      return new Ranked(candidate, size, change.file() + "\n" + change.after());
    }

    Ranked better(Ranked other) {
      return BEST_FIRST.compare(other, this) < 0 ? other : this;
    }
  }
}

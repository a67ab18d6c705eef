package dev.kintsugi.core.policy;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What may happen to a validated fix without a person: per environment × criticality confidence
 * {@link Thresholds}, {@link PolicyLimits}, paths that may never be patched and the repairers whose
 * fixes may be delivered. Read from {@code .kintsugi/policy.yml} ({@link PolicyFile}); {@link
 * #NONE} when a project has none, which requires approval for everything.
 *
 * @param source where the policy came from, for explanations ({@code .kintsugi/policy.yml at
 *     1a2b3c4d}); {@code none} for {@link #NONE}
 * @param environment the environment of fixes whose error names none
 * @param criticality the criticality of fixes whose project names none
 * @param thresholds environment → criticality → thresholds; {@code *} matches any
 * @param limits delivery limits
 * @param protectedPaths globs (repository-relative, {@code /}) of files never patched
 * @param allowedRepairers repairer families ({@code memory}, {@code pattern}, {@code template},
 *     {@code llm}) whose fixes may be delivered; empty: the policy names none, so all may
 * @param runtime the runtime actions runbooks may take per environment ({@link RuntimePolicy#NONE}
 *     when the file has no {@code runtime} section: every action then needs approval)
 */
public record Policy(
    String source,
    String environment,
    String criticality,
    Map<String, Map<String, Thresholds>> thresholds,
    PolicyLimits limits,
    List<String> protectedPaths,
    Optional<List<String>> allowedRepairers,
    RuntimePolicy runtime) {

  /** Any environment or criticality, in {@link #thresholds}. */
  public static final String ANY = "*";

  public static final String DEFAULT_ENVIRONMENT = "production";
  public static final String DEFAULT_CRITICALITY = "normal";

  /** No policy: every fix needs a person's approval. */
  public static final Policy NONE =
      new Policy(
          "none",
          DEFAULT_ENVIRONMENT,
          DEFAULT_CRITICALITY,
          Map.of(),
          PolicyLimits.NONE,
          List.of(),
          Optional.empty(),
          RuntimePolicy.NONE);

  public Policy {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(runtime, "runtime");
    Map<String, Map<String, Thresholds>> copy = new LinkedHashMap<>();
    thresholds.forEach(
        (env, byCriticality) ->
            copy.put(env, Collections.unmodifiableMap(new LinkedHashMap<>(byCriticality))));
    thresholds = Collections.unmodifiableMap(copy);
    protectedPaths = List.copyOf(protectedPaths);
    allowedRepairers = allowedRepairers.map(List::copyOf);
    for (String glob : protectedPaths) {
      matcher(glob); // a bad glob fails here, not at the first fix
    }
  }

  /** Whether this is {@link #NONE}. */
  public boolean isNone() {
    return this == NONE || "none".equals(source) && thresholds.isEmpty();
  }

  /** The first protected-path glob {@code file} matches, if any. */
  public Optional<String> protecting(String file) {
    Path path = Path.of(file.replace('\\', '/'));
    for (String glob : protectedPaths) {
      if (matcher(glob).matches(path)
          || glob.startsWith("**/") && matcher(glob.substring(3)).matches(path)) {
        return Optional.of(glob);
      }
    }
    return Optional.empty();
  }

  /** Whether fixes of {@code repairer} ({@code template:null-guard}) may be delivered. */
  public boolean allows(String repairer) {
    return allowedRepairers.isEmpty() || allowedRepairers.get().contains(family(repairer));
  }

  /** {@code template} of {@code template:null-guard+off-by-one}, {@code llm} of {@code llm:x/y}. */
  public static String family(String repairer) {
    int colon = repairer.indexOf(':');
    return (colon < 0 ? repairer : repairer.substring(0, colon)).toLowerCase(Locale.ROOT);
  }

  /** The thresholds of an environment and criticality: exact, then {@code *} for either. */
  public Optional<Thresholds> thresholdsFor(String env, String crit) {
    for (String e : List.of(env, ANY)) {
      Map<String, Thresholds> byCriticality = thresholds.get(e);
      if (byCriticality == null) {
        continue;
      }
      for (String c : List.of(crit, ANY)) {
        Thresholds t = byCriticality.get(c);
        if (t != null) {
          return Optional.of(t);
        }
      }
    }
    return Optional.empty();
  }

  /** Decides what may happen to a fix, and says why in one sentence. */
  public PolicyDecision decide(FixFacts fix) {
    String where = fix.environment() + "/" + fix.criticality();
    if (!allows(fix.repairer())) {
      return withheld(
          "repairer "
              + fix.repairer()
              + " is not among allowedRepairers "
              + allowedRepairers.orElse(List.of()));
    }
    for (String file : fix.files()) {
      Optional<String> glob = protecting(file);
      if (glob.isPresent()) {
        return withheld(file + " is a protected path (" + glob.get() + ")");
      }
    }
    List<String> over = new ArrayList<>();
    limits
        .maxChangedLines()
        .ifPresent(
            max -> {
              if (fix.changedLines() > max) {
                over.add(fix.changedLines() + " changed lines > limits.maxChangedLines " + max);
              }
            });
    limits
        .maxChangedFiles()
        .ifPresent(
            max -> {
              if (fix.files().size() > max) {
                over.add(fix.files().size() + " changed files > limits.maxChangedFiles " + max);
              }
            });
    limits
        .fixesPerHour()
        .ifPresent(
            max -> {
              if (fix.fixesInLastHour() >= max) {
                over.add(
                    fix.fixesInLastHour()
                        + " fix(es) delivered in the last hour, limits.fixesPerHour "
                        + max);
              }
            });
    if (!over.isEmpty()) {
      return withheld(String.join("; ", over));
    }
    String confidence = number(fix.confidence());
    Optional<Thresholds> found = thresholdsFor(fix.environment(), fix.criticality());
    if (found.isEmpty()) {
      return new PolicyDecision(
          Decision.REQUIRE_APPROVAL,
          (isNone() ? "no policy" : "policy " + source + " sets no thresholds for " + where)
              + " → approval required");
    }
    Thresholds t = found.get();
    String autoMerge =
        t.autoMerge().isPresent()
            ? "confidence "
                + confidence
                + " < autoMerge "
                + number(t.autoMerge().getAsDouble())
                + " for "
                + where
            : "no autoMerge threshold for " + where;
    if (t.autoMerge().isPresent() && fix.confidence() >= t.autoMerge().getAsDouble()) {
      return new PolicyDecision(
          Decision.AUTO_MERGE,
          "confidence "
              + confidence
              + " ≥ autoMerge "
              + number(t.autoMerge().getAsDouble())
              + " for "
              + where
              + " → auto-merge once the checks pass");
    }
    if (t.requireApproval().isPresent() && fix.confidence() >= t.requireApproval().getAsDouble()) {
      return new PolicyDecision(Decision.REQUIRE_APPROVAL, autoMerge + " → approval required");
    }
    String approval =
        t.requireApproval().isPresent()
            ? " and < requireApproval " + number(t.requireApproval().getAsDouble())
            : "";
    if (t.notifyOnly().isPresent() && fix.confidence() >= t.notifyOnly().getAsDouble()) {
      return new PolicyDecision(Decision.NOTIFY_ONLY, autoMerge + approval + " → notify only");
    }
    String notify =
        t.notifyOnly().isPresent()
            ? " and < notifyOnly " + number(t.notifyOnly().getAsDouble())
            : "";
    return withheld(autoMerge + approval + notify);
  }

  private static PolicyDecision withheld(String why) {
    return new PolicyDecision(Decision.WITHHELD, why + " → withheld (local branch only)");
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  private static PathMatcher matcher(String glob) {
    return FileSystems.getDefault().getPathMatcher("glob:" + glob);
  }
}

package dev.kintsugi.core.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which runtime actions (restart, flag, circuit, kubernetes.scale, ...) a runbook may take in each
 * environment, and which of them wait for a person's approval: the {@code runtime} section of a
 * policy file.
 *
 * <pre>
 * runtime:
 *   production: { allowed: [ restart, flag, circuit ], requireApproval: [ kubernetes.undo ] }
 *   staging:    { allowed: [ "*" ] }
 * </pre>
 *
 * <p>An environment the section does not name (and no {@code "*"} entry covers) allows every action
 * but only with approval, as a missing policy does: nothing runs unattended that no policy allowed.
 * Within a named environment, an action listed in {@code requireApproval} runs after approval, one
 * listed in {@code allowed} runs unattended, any other is refused. {@code "*"} in a list matches
 * every kind.
 *
 * <p>Stable API.
 *
 * @param environments environment (or {@code *}) → its rules
 */
public record RuntimePolicy(Map<String, Rules> environments) {

  /** No runtime section: every action needs approval. */
  public static final RuntimePolicy NONE = new RuntimePolicy(Map.of());

  /**
   * One environment's rules.
   *
   * @param allowed action kinds that run unattended
   * @param requireApproval action kinds that run once a person approves
   */
  public record Rules(List<String> allowed, List<String> requireApproval) {
    public Rules {
      allowed = List.copyOf(allowed);
      requireApproval = List.copyOf(requireApproval);
    }
  }

  /** What a policy says about one action kind in one environment. */
  public enum Verdict {
    /** Runs without a person. */
    ALLOWED,
    /** Runs once a person approves. */
    APPROVAL,
    /** Never runs. */
    REFUSED
  }

  /**
   * A verdict and why, in one sentence.
   *
   * @param why names the policy's rule that decided
   */
  public record Decision(Verdict verdict, String why) {
    public Decision {
      Objects.requireNonNull(verdict, "verdict");
      Objects.requireNonNull(why, "why");
    }
  }

  public RuntimePolicy {
    environments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environments));
  }

  /** The rules of an environment: its own, else {@code *}'s. */
  public Optional<Rules> rulesFor(String environment) {
    Rules rules = environments.get(environment);
    return Optional.ofNullable(rules != null ? rules : environments.get(Policy.ANY));
  }

  /** Decides whether an action of {@code kind} may run in {@code environment}. */
  public Decision decide(String environment, String kind) {
    Optional<Rules> found = rulesFor(environment);
    if (found.isEmpty()) {
      return new Decision(
          Verdict.APPROVAL, "no runtime rules for environment " + environment + " → approval");
    }
    Rules rules = found.get();
    String section = "runtime." + (environments.containsKey(environment) ? environment : "*");
    if (names(rules.requireApproval(), kind)) {
      return new Decision(
          Verdict.APPROVAL, kind + " is in " + section + ".requireApproval → approval");
    }
    if (names(rules.allowed(), kind)) {
      return new Decision(Verdict.ALLOWED, kind + " is in " + section + ".allowed");
    }
    return new Decision(
        Verdict.REFUSED,
        kind + " is not allowed in " + environment + " (allowed: " + rules.allowed() + ")");
  }

  private static boolean names(List<String> kinds, String kind) {
    return kinds.contains(kind) || kinds.contains(Policy.ANY);
  }
}

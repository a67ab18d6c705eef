package dev.kintsugi.server.store;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a project's fixes are delivered ({@code project_delivery}, V26). Checked by the REST API
 * before they are stored; never holds the forge token, which only the server's environment has.
 *
 * @param mode {@link #BRANCH} or {@link #PR}
 * @param forge {@code github}, {@code gitlab} or {@code gitea}; empty: inferred from {@code origin}
 * @param forgeUrl the forge's API URL; empty: inferred from {@code origin}
 * @param forgeRepo {@code OWNER/NAME} on the forge; empty: inferred from {@code origin}
 * @param base the branch pull requests target; empty: the repository's default branch
 * @param environment the policy's environment for events that name none; empty: the policy's
 * @param criticality the project's criticality; empty: the policy's default
 * @param policy a policy (YAML or JSON, as given) that replaces the repository's; empty: the
 *     repository's {@code .kintsugi/policy.yml} applies
 */
public record DeliverySettings(
    String mode,
    Optional<String> forge,
    Optional<String> forgeUrl,
    Optional<String> forgeRepo,
    Optional<String> base,
    Optional<String> environment,
    Optional<String> criticality,
    Optional<String> policy) {

  public static final String BRANCH = "branch";
  public static final String PR = "pr";

  /** What a project that never set its delivery has: a branch, the repository's policy. */
  public static final DeliverySettings DEFAULT =
      new DeliverySettings(
          BRANCH,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public DeliverySettings {
    if (!BRANCH.equals(mode) && !PR.equals(mode)) {
      throw new IllegalArgumentException("mode must be branch or pr, was " + mode);
    }
    Objects.requireNonNull(forge, "forge");
    Objects.requireNonNull(forgeUrl, "forgeUrl");
    Objects.requireNonNull(forgeRepo, "forgeRepo");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(criticality, "criticality");
    Objects.requireNonNull(policy, "policy");
  }

  /**
   * The settings as text by field name (the REST API's names, in its order), unset ones as empty
   * text: what a form shows and a change record compares.
   */
  public Map<String, String> asText() {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("mode", mode);
    out.put("forge", forge.orElse(""));
    out.put("forgeUrl", forgeUrl.orElse(""));
    out.put("forgeRepo", forgeRepo.orElse(""));
    out.put("base", base.orElse(""));
    out.put("environment", environment.orElse(""));
    out.put("criticality", criticality.orElse(""));
    out.put("policy", policy.orElse(""));
    return out;
  }

  /** Whether fixes become pull requests. */
  public boolean pullRequests() {
    return PR.equals(mode);
  }
}

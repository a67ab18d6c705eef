package dev.kintsugi.heal.loop;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a heal delivers its fix and which policy decides how far.
 *
 * @param mode a local branch (default) or a pull request
 * @param forge {@code github}, {@code gitlab} or {@code gitea}; inferred from {@code origin} when
 *     empty
 * @param forgeUrl the forge's API URL; inferred from {@code origin} when empty
 * @param forgeRepo {@code OWNER/NAME} on the forge; inferred from {@code origin} when empty
 * @param baseBranch the branch the pull request targets; empty: the healed branch ({@code HEAD}'s
 *     branch, or the revision when it names a branch)
 * @param policyFile a policy file that replaces the repository's {@code .kintsugi/policy.yml}
 * @param environment the environment the policy decides for; empty: the policy's default
 * @param criticality the criticality the policy decides for; empty: the policy's default
 */
public record DeliveryOptions(
    Mode mode,
    Optional<String> forge,
    Optional<URI> forgeUrl,
    Optional<String> forgeRepo,
    Optional<String> baseBranch,
    Optional<Path> policyFile,
    Optional<String> environment,
    Optional<String> criticality) {

  /** Where the fix goes. */
  public enum Mode {
    /** A local branch {@code kintsugi/fix-<id>} (pushed for repositories cloned from a URL). */
    BRANCH,
    /** The branch pushed to {@code origin} and a pull request opened against the healed branch. */
    PR
  }

  /** A local branch, the repository's own policy. */
  public static final DeliveryOptions BRANCH_ONLY =
      new DeliveryOptions(
          Mode.BRANCH,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public DeliveryOptions {
    Objects.requireNonNull(mode, "mode");
    forge = blankless(forge);
    Objects.requireNonNull(forgeUrl, "forgeUrl");
    forgeRepo = blankless(forgeRepo);
    baseBranch = blankless(baseBranch);
    Objects.requireNonNull(policyFile, "policyFile");
    environment = blankless(environment);
    criticality = blankless(criticality);
  }

  /** A pull request on the forge {@code origin} names. */
  public static DeliveryOptions pullRequest() {
    return BRANCH_ONLY.withMode(Mode.PR);
  }

  public DeliveryOptions withMode(Mode m) {
    return new DeliveryOptions(
        m, forge, forgeUrl, forgeRepo, baseBranch, policyFile, environment, criticality);
  }

  /** Overrides what {@code origin}'s URL would say: forge kind, API URL, repository. */
  public DeliveryOptions withForge(String kind, URI apiUrl, String repository) {
    return new DeliveryOptions(
        mode,
        Optional.ofNullable(kind),
        Optional.ofNullable(apiUrl),
        Optional.ofNullable(repository),
        baseBranch,
        policyFile,
        environment,
        criticality);
  }

  public DeliveryOptions withBaseBranch(String branch) {
    return new DeliveryOptions(
        mode,
        forge,
        forgeUrl,
        forgeRepo,
        Optional.ofNullable(branch),
        policyFile,
        environment,
        criticality);
  }

  public DeliveryOptions withPolicyFile(Path file) {
    return new DeliveryOptions(
        mode,
        forge,
        forgeUrl,
        forgeRepo,
        baseBranch,
        Optional.ofNullable(file),
        environment,
        criticality);
  }

  /** The environment and criticality the policy decides for (null: the policy's default). */
  public DeliveryOptions withContext(String env, String crit) {
    return new DeliveryOptions(
        mode,
        forge,
        forgeUrl,
        forgeRepo,
        baseBranch,
        policyFile,
        Optional.ofNullable(env),
        Optional.ofNullable(crit));
  }

  private static Optional<String> blankless(Optional<String> value) {
    return Objects.requireNonNull(value).map(String::trim).filter(v -> !v.isEmpty());
  }
}

package dev.kintsugi.heal.loop;

import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.heal.deliver.ForgeToken;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * @param policy a policy given already read (by the server, per project), which replaces both the
 *     file and the repository's
 * @param environment the environment the policy decides for; empty: the policy's default
 * @param criticality the criticality the policy decides for; empty: the policy's default
 * @param token the forge's token (from {@code KINTSUGI_FORGE_TOKEN} by default)
 * @param checksWait how long an auto-merge waits for the pull request's checks to finish
 * @param checksPoll how often it asks the forge meanwhile
 * @param webhooks webhooks told about the fix (proposed, approval needed, merged)
 * @param branch the fix branch's name, fixed per server heal run so that a resumed run delivers
 *     onto the same branch and pull request ({@code BranchDelivery}); empty: named after the fix
 *     commit
 */
public record DeliveryOptions(
    Mode mode,
    Optional<String> forge,
    Optional<URI> forgeUrl,
    Optional<String> forgeRepo,
    Optional<String> baseBranch,
    Optional<Path> policyFile,
    Optional<Policy> policy,
    Optional<String> environment,
    Optional<String> criticality,
    ForgeToken token,
    Duration checksWait,
    Duration checksPoll,
    List<Webhook> webhooks,
    Optional<String> branch) {

  /** Where the fix goes. */
  public enum Mode {
    /** A local branch {@code kintsugi/fix-<id>} (pushed for repositories cloned from a URL). */
    BRANCH,
    /** The branch pushed to {@code origin} and a pull request opened against the healed branch. */
    PR
  }

  public static final Duration DEFAULT_CHECKS_WAIT = Duration.ofMinutes(30);
  public static final Duration DEFAULT_CHECKS_POLL = Duration.ofSeconds(15);

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
          Optional.empty(),
          Optional.empty(),
          ForgeToken.none(),
          DEFAULT_CHECKS_WAIT,
          DEFAULT_CHECKS_POLL,
          List.of(),
          Optional.empty());

  public DeliveryOptions {
    Objects.requireNonNull(mode, "mode");
    forge = blankless(forge);
    Objects.requireNonNull(forgeUrl, "forgeUrl");
    forgeRepo = blankless(forgeRepo);
    baseBranch = blankless(baseBranch);
    Objects.requireNonNull(policyFile, "policyFile");
    Objects.requireNonNull(policy, "policy");
    environment = blankless(environment);
    criticality = blankless(criticality);
    Objects.requireNonNull(token, "token");
    if (checksWait.isNegative()) {
      throw new IllegalArgumentException("checksWait must not be negative, was " + checksWait);
    }
    if (checksPoll.isNegative() || checksPoll.isZero()) {
      throw new IllegalArgumentException("checksPoll must be positive, was " + checksPoll);
    }
    webhooks = List.copyOf(webhooks);
    branch = blankless(branch);
  }

  /**
   * Reads a {@code --deliver} value: {@code branch} or {@code pr}.
   *
   * @throws IllegalArgumentException naming the value and the accepted ones
   */
  public static Mode mode(String how) {
    return switch (how == null ? "" : how.strip()) {
      case "branch" -> Mode.BRANCH;
      case "pr" -> Mode.PR;
      default -> throw new IllegalArgumentException("must be branch or pr, was " + how);
    };
  }

  /** A pull request on the forge {@code origin} names, with the token of the environment. */
  public static DeliveryOptions pullRequest() {
    return BRANCH_ONLY.withMode(Mode.PR).withToken(ForgeToken.fromEnvironment());
  }

  public DeliveryOptions withMode(Mode m) {
    return copy(f -> f.mode = m);
  }

  /**
   * Overrides what {@code origin}'s URL would say: forge kind, API URL, repository (nulls: not).
   */
  public DeliveryOptions withForge(String kind, URI apiUrl, String repository) {
    return copy(
        f -> {
          f.forge = Optional.ofNullable(kind);
          f.forgeUrl = Optional.ofNullable(apiUrl);
          f.forgeRepo = Optional.ofNullable(repository);
        });
  }

  public DeliveryOptions withBaseBranch(String branch) {
    return copy(f -> f.baseBranch = Optional.ofNullable(branch));
  }

  public DeliveryOptions withPolicyFile(Path file) {
    return copy(f -> f.policyFile = Optional.ofNullable(file));
  }

  /** A policy that replaces the policy file and the repository's (null: none given). */
  public DeliveryOptions withPolicy(Policy given) {
    return copy(f -> f.policy = Optional.ofNullable(given));
  }

  /** The environment and criticality the policy decides for (null: the policy's default). */
  public DeliveryOptions withContext(String env, String crit) {
    return copy(
        f -> {
          f.environment = Optional.ofNullable(env);
          f.criticality = Optional.ofNullable(crit);
        });
  }

  public DeliveryOptions withToken(ForgeToken t) {
    return copy(f -> f.token = t);
  }

  /** How long an auto-merge waits for checks, asking every {@code poll}. */
  public DeliveryOptions withChecksWait(Duration wait, Duration poll) {
    return copy(
        f -> {
          f.checksWait = wait;
          f.checksPoll = poll;
        });
  }

  /** Webhooks told about the fix. */
  public DeliveryOptions withNotify(List<Webhook> webhooks) {
    return copy(f -> f.webhooks = webhooks);
  }

  /** Delivers onto branch {@code name} (null: one named after the fix commit). */
  public DeliveryOptions withBranch(String name) {
    return copy(f -> f.branch = Optional.ofNullable(name));
  }

  private static Optional<String> blankless(Optional<String> value) {
    return Objects.requireNonNull(value).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** A copy with some changes; the canonical constructor validates the result. */
  private DeliveryOptions copy(java.util.function.Consumer<Fields> change) {
    Fields f = new Fields(this);
    change.accept(f);
    return new DeliveryOptions(
        f.mode,
        f.forge,
        f.forgeUrl,
        f.forgeRepo,
        f.baseBranch,
        f.policyFile,
        f.policy,
        f.environment,
        f.criticality,
        f.token,
        f.checksWait,
        f.checksPoll,
        f.webhooks,
        f.branch);
  }

  /** Mutable mirror of the components, only for {@link #copy}. */
  private static final class Fields {
    Mode mode;
    Optional<String> forge;
    Optional<URI> forgeUrl;
    Optional<String> forgeRepo;
    Optional<String> baseBranch;
    Optional<Path> policyFile;
    Optional<Policy> policy;
    Optional<String> environment;
    Optional<String> criticality;
    ForgeToken token;
    Duration checksWait;
    Duration checksPoll;
    List<Webhook> webhooks;
    Optional<String> branch;

    Fields(DeliveryOptions o) {
      mode = o.mode;
      forge = o.forge;
      forgeUrl = o.forgeUrl;
      forgeRepo = o.forgeRepo;
      baseBranch = o.baseBranch;
      policyFile = o.policyFile;
      policy = o.policy;
      environment = o.environment;
      criticality = o.criticality;
      token = o.token;
      checksWait = o.checksWait;
      checksPoll = o.checksPoll;
      webhooks = o.webhooks;
      branch = o.branch;
    }
  }
}

package dev.kintsugi.core.incident;

import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.core.policy.Policy;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the server wants a project's fixes delivered: as a branch (the default) or as a pull request
 * on the project's forge, decided by which policy, for which criticality, and who hears about it.
 * Holds no secret: the forge token belongs to the healer (read once from its environment).
 *
 * @param mode a branch, or a pull request
 * @param forge {@code github}, {@code gitlab} or {@code gitea}; empty: inferred from {@code
 *     origin}'s URL
 * @param forgeUrl the forge's API URL; empty: inferred from {@code origin}
 * @param forgeRepo {@code OWNER/NAME} on the forge; empty: inferred from {@code origin}
 * @param base the branch pull requests target; empty: the repository's default branch
 * @param environment the environment the policy decides for when the event names none; empty: the
 *     policy's default
 * @param criticality the project's criticality; empty: the policy's default
 * @param policy a policy given to the server, which replaces the repository's {@code
 *     .kintsugi/policy.yml}; empty: the repository's applies
 * @param webhooks where the heal's news goes (fix proposed, approval needed, merged)
 * @param branch the fix branch's name, the same at every attempt of one heal run ({@link
 *     #runBranch}), so a run resumed after a crash delivers onto the branch (and pull request) its
 *     first attempt made; empty: a name of the fix commit's id (the CLI's)
 */
public record DeliveryRequest(
    Mode mode,
    Optional<String> forge,
    Optional<URI> forgeUrl,
    Optional<String> forgeRepo,
    Optional<String> base,
    Optional<String> environment,
    Optional<String> criticality,
    Optional<Policy> policy,
    List<Webhook> webhooks,
    Optional<String> branch) {

  /** Prefix of every fix branch. */
  public static final String BRANCH_PREFIX = "kintsugi/fix-";

  /** Where a fix goes. */
  public enum Mode {
    /** A branch {@code kintsugi/fix-<id>} (pushed for repositories registered by URL). */
    BRANCH,
    /** The branch pushed to {@code origin} and a pull request opened against the base branch. */
    PR
  }

  /** A branch, the repository's own policy, no webhooks: what a heal does unless told otherwise. */
  public static final DeliveryRequest BRANCH =
      new DeliveryRequest(
          Mode.BRANCH,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          Optional.empty());

  /** A request whose fix branch is named after its commit. */
  public DeliveryRequest(
      Mode mode,
      Optional<String> forge,
      Optional<URI> forgeUrl,
      Optional<String> forgeRepo,
      Optional<String> base,
      Optional<String> environment,
      Optional<String> criticality,
      Optional<Policy> policy,
      List<Webhook> webhooks) {
    this(
        mode,
        forge,
        forgeUrl,
        forgeRepo,
        base,
        environment,
        criticality,
        policy,
        webhooks,
        Optional.empty());
  }

  /**
   * The fix branch of one heal run of one incident: {@code kintsugi/fix-i<incident>-r<run>}, the
   * same whichever node heals it and however often it is resumed.
   */
  public static String runBranch(long incidentId, long runId) {
    return BRANCH_PREFIX + "i" + incidentId + "-r" + runId;
  }

  public DeliveryRequest {
    Objects.requireNonNull(mode, "mode");
    forge = blankless(forge);
    Objects.requireNonNull(forgeUrl, "forgeUrl");
    forgeRepo = blankless(forgeRepo);
    base = blankless(base);
    environment = blankless(environment);
    criticality = blankless(criticality);
    Objects.requireNonNull(policy, "policy");
    webhooks = List.copyOf(webhooks);
    branch = blankless(branch);
    if (branch.isPresent()
        && !(branch.get().startsWith(BRANCH_PREFIX)
            && branch.get().length() <= 200
            && branch
                .get()
                .substring(BRANCH_PREFIX.length())
                .matches("[A-Za-z0-9][A-Za-z0-9._-]*"))) {
      throw new IllegalArgumentException(
          "a fix branch is "
              + BRANCH_PREFIX
              + " and letters, digits, '.', '_' or '-', was '"
              + branch.get()
              + "'");
    }
  }

  /** Whether fixes become pull requests. */
  public boolean pullRequests() {
    return mode == Mode.PR;
  }

  /** The same request, with these webhooks told about the fix. */
  public DeliveryRequest withWebhooks(List<Webhook> hooks) {
    return new DeliveryRequest(
        mode, forge, forgeUrl, forgeRepo, base, environment, criticality, policy, hooks, branch);
  }

  /** The same request, its fix delivered onto branch {@code name} ({@link #runBranch}). */
  public DeliveryRequest withBranch(String name) {
    return new DeliveryRequest(
        mode,
        forge,
        forgeUrl,
        forgeRepo,
        base,
        environment,
        criticality,
        policy,
        webhooks,
        Optional.of(name));
  }

  private static Optional<String> blankless(Optional<String> value) {
    return Objects.requireNonNull(value).map(String::strip).filter(v -> !v.isEmpty());
  }
}

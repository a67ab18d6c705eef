package dev.kintsugi.server.heal;

import dev.kintsugi.core.incident.DeliveryRequest;
import dev.kintsugi.core.notify.Webhook;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.policy.PolicyException;
import dev.kintsugi.core.policy.PolicyFile;
import dev.kintsugi.server.store.DeliverySettings;
import dev.kintsugi.server.store.Project;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** A project's stored delivery settings, as the healer is asked to deliver. */
final class DeliveryRequests {

  private DeliveryRequests() {}

  /**
   * @param webhooks the server's, told about the heal's fix
   * @throws PolicyException when the stored policy no longer reads (it was checked when set)
   */
  static DeliveryRequest of(DeliverySettings s, Project project, List<Webhook> webhooks)
      throws PolicyException {
    Optional<Policy> policy = Optional.empty();
    if (s.policy().isPresent()) {
      policy = Optional.of(PolicyFile.parse(s.policy().get(), source(project)));
    }
    return of(s, policy, webhooks);
  }

  /** Where and how to deliver, without the policy (a revert, which a person merges). */
  static DeliveryRequest withoutPolicy(DeliverySettings s) {
    return of(s, Optional.empty(), List.of());
  }

  private static DeliveryRequest of(
      DeliverySettings s, Optional<Policy> policy, List<Webhook> webhooks) {
    return new DeliveryRequest(
        s.pullRequests() ? DeliveryRequest.Mode.PR : DeliveryRequest.Mode.BRANCH,
        s.forge(),
        s.forgeUrl().map(URI::create),
        s.forgeRepo(),
        s.base(),
        s.environment(),
        s.criticality(),
        policy,
        webhooks);
  }

  /** How a policy given to the server is named in decisions and errors. */
  static String source(Project project) {
    return "the server's policy for project " + project.id();
  }
}

package dev.kintsugi.runtime.action;

import dev.kintsugi.core.repair.Descriptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Scales a Deployment or StatefulSet to a number of replicas (through its scale subresource, as
 * {@code kubectl scale} does); its undo scales it back to the count it had.
 */
final class KubernetesScale implements RuntimeAction {

  private final KubernetesTarget target;
  private final int replicas;

  KubernetesScale(KubernetesTarget target, int replicas) {
    this.target = target;
    this.replicas = replicas;
  }

  @Override
  public String kind() {
    return "kubernetes.scale";
  }

  @Override
  public String describe() {
    return "kubernetes.scale: " + target + " to " + replicas + " replicas";
  }

  @Override
  public ActionOutcome run() {
    try (KubernetesClient client = target.client()) {
      HasMetadata workload = target.resource(client).get();
      if (workload == null) {
        return ActionOutcome.failed(target + " not found");
      }
      int previous = replicas(workload);
      target.resource(client).scale(replicas);
      return ActionOutcome.done(
          "scaled " + target + " from " + previous + " to " + replicas + " replicas",
          new KubernetesScale(target, previous));
    } catch (KubernetesClientException e) {
      return ActionOutcome.failed(problem(target, e));
    }
  }

  private static int replicas(HasMetadata workload) {
    Integer n =
        workload instanceof Deployment d
            ? d.getSpec().getReplicas()
            : ((StatefulSet) workload).getSpec().getReplicas();
    return n == null ? 1 : n; // the API's default
  }

  /** A failed call to the API server, on one line. */
  static String problem(KubernetesTarget target, KubernetesClientException e) {
    return Descriptions.oneLine(
        target + ": " + (e.getCode() > 0 ? "HTTP " + e.getCode() + " " : "") + e.getMessage(), 300);
  }
}

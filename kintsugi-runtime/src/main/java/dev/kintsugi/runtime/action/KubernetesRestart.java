package dev.kintsugi.runtime.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;

/**
 * A rollout restart of a Deployment or StatefulSet, as {@code kubectl rollout restart} does it: the
 * pod template's {@code kubectl.kubernetes.io/restartedAt} annotation is set to now, so the
 * controller replaces every pod. Not undoable: the pods are already new.
 */
final class KubernetesRestart implements RuntimeAction {

  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  private final KubernetesTarget target;

  KubernetesRestart(KubernetesTarget target) {
    this.target = target;
  }

  @Override
  public String kind() {
    return "kubernetes.restart";
  }

  @Override
  public String describe() {
    return "kubernetes.restart: rollout restart of " + target;
  }

  @Override
  public ActionOutcome run() {
    try (KubernetesClient client = target.client()) {
      if (target.resource(client).get() == null) {
        return ActionOutcome.failed(target + " not found");
      }
      HasMetadata restarted = target.resource(client).rolling().restart();
      PodTemplateSpec template =
          restarted instanceof Deployment d
              ? d.getSpec().getTemplate()
              : ((StatefulSet) restarted).getSpec().getTemplate();
      Map<String, String> annotations = template.getMetadata().getAnnotations();
      return ActionOutcome.done(
          "restarted " + target + " (" + RESTARTED_AT + "=" + annotations.get(RESTARTED_AT) + ")");
    } catch (KubernetesClientException e) {
      return ActionOutcome.failed(KubernetesScale.problem(target, e));
    }
  }
}

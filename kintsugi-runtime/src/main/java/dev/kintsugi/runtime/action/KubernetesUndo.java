package dev.kintsugi.runtime.action;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rollout undo of a Deployment, as {@code kubectl rollout undo} does it: the Deployment's pod
 * template becomes the one of its ReplicaSet with the highest revision below the Deployment's
 * ({@code deployment.kubernetes.io/revision}), without the controller's {@code pod-template-hash}
 * label. Its undo puts the template it replaced back.
 *
 * <p>Not fabric8's {@code rolling().undo()}: that takes the second-newest ReplicaSet matching the
 * labels whatever the Deployment's revision, fails on a ReplicaSet without a revision, and copies
 * the hash label into the Deployment.
 */
final class KubernetesUndo implements RuntimeAction {

  static final String REVISION = "deployment.kubernetes.io/revision";
  static final String HASH_LABEL = "pod-template-hash";

  private final KubernetesTarget target;

  KubernetesUndo(KubernetesTarget target) {
    if (target.statefulSet()) {
      throw new IllegalArgumentException("rollout undo is for deployments");
    }
    this.target = target;
  }

  @Override
  public String kind() {
    return "kubernetes.undo";
  }

  @Override
  public String describe() {
    return "kubernetes.undo: roll " + target + " back to its previous revision";
  }

  @Override
  public ActionOutcome run() {
    try (KubernetesClient client = target.client()) {
      Deployment deployment = deployment(client);
      if (deployment == null) {
        return ActionOutcome.failed(target + " not found");
      }
      Optional<Long> current = revision(deployment.getMetadata().getAnnotations());
      if (current.isEmpty()) {
        return ActionOutcome.failed(target + " has no " + REVISION + " annotation yet");
      }
      Optional<ReplicaSet> previous =
          client
              .apps()
              .replicaSets()
              .inNamespace(target.namespace())
              .withLabelSelector(deployment.getSpec().getSelector())
              .list()
              .getItems()
              .stream()
              .filter(rs -> ownedBy(rs, deployment))
              .filter(
                  rs ->
                      revision(rs.getMetadata().getAnnotations()).orElse(Long.MAX_VALUE)
                          < current.get())
              .max(
                  Comparator.comparing(
                      rs -> revision(rs.getMetadata().getAnnotations()).orElseThrow()));
      if (previous.isEmpty()) {
        return ActionOutcome.failed(target + " has no revision before " + current.get());
      }
      PodTemplateSpec template =
          new PodTemplateSpecBuilder(previous.get().getSpec().getTemplate()).build();
      Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
      labels.remove(HASH_LABEL);
      template.getMetadata().setLabels(labels);
      long to = revision(previous.get().getMetadata().getAnnotations()).orElseThrow();
      PodTemplateSpec replaced = deployment.getSpec().getTemplate();
      setTemplate(client, template);
      return ActionOutcome.done(
          "rolled " + target + " back from revision " + current.get() + " to revision " + to,
          new PutTemplate(target, replaced, current.get()));
    } catch (KubernetesClientException e) {
      return ActionOutcome.failed(KubernetesScale.problem(target, e));
    }
  }

  private Deployment deployment(KubernetesClient client) {
    return client
        .apps()
        .deployments()
        .inNamespace(target.namespace())
        .withName(target.name())
        .get();
  }

  private void setTemplate(KubernetesClient client, PodTemplateSpec template) {
    client
        .apps()
        .deployments()
        .inNamespace(target.namespace())
        .withName(target.name())
        .edit(
            d -> {
              d.getSpec().setTemplate(template);
              return d;
            });
  }

  private static boolean ownedBy(ReplicaSet rs, Deployment deployment) {
    String uid = deployment.getMetadata().getUid();
    return rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getUid().equals(uid));
  }

  private static Optional<Long> revision(Map<String, String> annotations) {
    try {
      return annotations == null || !annotations.containsKey(REVISION)
          ? Optional.empty()
          : Optional.of(Long.parseLong(annotations.get(REVISION).trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The undo of an undo: the pod template the Deployment had before, put back. */
  static final class PutTemplate implements RuntimeAction {
    private final KubernetesTarget target;
    private final PodTemplateSpec template;
    private final long revision;

    PutTemplate(KubernetesTarget target, PodTemplateSpec template, long revision) {
      this.target = target;
      this.template = template;
      this.revision = revision;
    }

    @Override
    public String kind() {
      return "kubernetes.undo";
    }

    @Override
    public String describe() {
      return "kubernetes.undo: put back the pod template of " + target + " revision " + revision;
    }

    @Override
    public ActionOutcome run() {
      try (KubernetesClient client = target.client()) {
        new KubernetesUndo(target).setTemplate(client, template);
        return ActionOutcome.done(
            "put back the pod template of " + target + " revision " + revision);
      } catch (KubernetesClientException e) {
        return ActionOutcome.failed(KubernetesScale.problem(target, e));
      }
    }
  }
}

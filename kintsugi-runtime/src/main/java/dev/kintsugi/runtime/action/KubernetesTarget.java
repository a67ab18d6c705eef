package dev.kintsugi.runtime.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The workload a {@code kubernetes.*} action acts on, and the cluster it lives in.
 *
 * @param statefulSet whether the workload is a StatefulSet (else a Deployment)
 * @param kubeconfig the kubeconfig file; empty for the usual lookup
 * @param context the kubeconfig context; empty for the current one
 */
record KubernetesTarget(
    boolean statefulSet,
    String name,
    String namespace,
    Optional<Path> kubeconfig,
    Optional<String> context,
    KubernetesClients clients) {

  KubernetesTarget {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(namespace, "namespace");
  }

  /** The workload's resource through {@code client}. */
  RollableScalableResource<? extends HasMetadata> resource(KubernetesClient client) {
    return statefulSet
        ? client.apps().statefulSets().inNamespace(namespace).withName(name)
        : client.apps().deployments().inNamespace(namespace).withName(name);
  }

  KubernetesClient client() {
    return clients.client(kubeconfig, context);
  }

  /** {@code deployment default/shop}, with the context when one is named. */
  @Override
  public String toString() {
    return (statefulSet ? "statefulset " : "deployment ")
        + namespace
        + "/"
        + name
        + context.map(c -> " (context " + c + ")").orElse("");
  }
}

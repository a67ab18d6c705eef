package dev.kintsugi.runtime.action;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Makes the Kubernetes client a {@code kubernetes.*} action talks through. The action closes the
 * client when it is done, so each call returns a new one.
 */
@FunctionalInterface
public interface KubernetesClients {

  /**
   * A client for the cluster of a kubeconfig context.
   *
   * @param kubeconfig the kubeconfig file; empty for the usual lookup ({@code KUBECONFIG}, {@code
   *     ~/.kube/config}, or the in-cluster service account)
   * @param context the kubeconfig context; empty for the current one
   */
  KubernetesClient client(Optional<Path> kubeconfig, Optional<String> context);

  /** Clients configured as {@code kubectl} would be, from the kubeconfig and context. */
  static KubernetesClients fromKubeconfig() {
    return (kubeconfig, context) -> {
      Config config =
          kubeconfig.isPresent()
              ? Config.fromKubeconfig(context.orElse(null), kubeconfig.get().toFile())
              : Config.autoConfigure(context.orElse(null));
      return new KubernetesClientBuilder().withConfig(config).build();
    };
  }
}

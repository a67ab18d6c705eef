package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Kubernetes actions against fabric8's mock API server in CRUD mode (the real wire format). */
@EnableKubernetesMockClient(crud = true)
class KubernetesActionsTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private KubernetesMockServer server; // set by the extension, one per test
  private KubernetesClient client;
  private ActionSettings settings;

  @BeforeEach
  void connect() {
    settings =
        new ActionSettings(
            List.of(),
            (kubeconfig, context) -> server.createClient(),
            InMemoryCircuits.NONE,
            "shop",
            Map.of(),
            Clock.systemUTC());
  }

  @Test
  void scaleSetsTheReplicasAndItsUndoRestoresThem() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("prod")
        .resource(deployment("shop", 2, "shop:2", "2"))
        .create();

    ActionOutcome outcome =
        action("{kubernetes.scale: {deployment: shop, namespace: prod, replicas: 5}}").run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(replicas("shop")).isEqualTo(5);
    assertThat(outcome.detail()).contains("from 2 to 5");
    ActionOutcome undone = outcome.undo().orElseThrow().run();
    assertThat(undone.done()).as(undone.detail()).isTrue();
    assertThat(replicas("shop")).isEqualTo(2);
  }

  @Test
  void scaleWorksOnAStatefulSet() throws Exception {
    client
        .apps()
        .statefulSets()
        .inNamespace("prod")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "db")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "db")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("db")
                .withImage("db:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();

    ActionOutcome outcome =
        action("{kubernetes.scale: {statefulset: db, namespace: prod, replicas: 3}}").run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace("prod")
                .withName("db")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(3);
  }

  @Test
  void aMissingDeploymentFailsWithoutThrowing() throws Exception {
    ActionOutcome outcome =
        action("{kubernetes.scale: {deployment: gone, namespace: prod, replicas: 1}}").run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("deployment prod/gone not found");
  }

  @Test
  void restartSetsTheRestartedAtAnnotationOfThePodTemplate() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("prod")
        .resource(deployment("shop", 2, "shop:2", "2"))
        .create();

    ActionOutcome outcome =
        action("{kubernetes.restart: {deployment: shop, namespace: prod}}").run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    Deployment after = client.apps().deployments().inNamespace("prod").withName("shop").get();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
    assertThat(image(after)).isEqualTo("shop:2");
    assertThat(outcome.undo()).isEmpty();
  }

  @Test
  void undoPutsBackThePreviousReplicaSetsTemplateAndItsUndoRollsForward() throws Exception {
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace("prod")
            .resource(deployment("shop", 2, "shop:3", "3"))
            .create();
    for (int revision = 1; revision <= 3; revision++) {
      client
          .apps()
          .replicaSets()
          .inNamespace("prod")
          .resource(replicaSet(created, revision))
          .create();
    }

    ActionOutcome outcome = action("{kubernetes.undo: {deployment: shop, namespace: prod}}").run();

    assertThat(outcome.done()).as(outcome.detail()).isTrue();
    assertThat(outcome.detail()).contains("from revision 3 to revision 2");
    Deployment after = client.apps().deployments().inNamespace("prod").withName("shop").get();
    assertThat(image(after)).isEqualTo("shop:2");
    assertThat(after.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app", "shop")
        .doesNotContainKey("pod-template-hash");

    ActionOutcome forward = outcome.undo().orElseThrow().run();
    assertThat(forward.done()).as(forward.detail()).isTrue();
    assertThat(image("shop")).isEqualTo("shop:3");
  }

  @Test
  void undoWithoutAnEarlierRevisionFails() throws Exception {
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace("prod")
            .resource(deployment("shop", 2, "shop:1", "1"))
            .create();
    client.apps().replicaSets().inNamespace("prod").resource(replicaSet(created, 1)).create();

    ActionOutcome outcome = action("{kubernetes.undo: {deployment: shop, namespace: prod}}").run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("no revision before 1");
    assertThat(image("shop")).isEqualTo("shop:1");
  }

  @Test
  void undoIgnoresReplicaSetsOwnedBySomethingElse() throws Exception {
    Deployment created =
        client
            .apps()
            .deployments()
            .inNamespace("prod")
            .resource(deployment("shop", 2, "shop:2", "2"))
            .create();
    client.apps().replicaSets().inNamespace("prod").resource(replicaSet(created, 2)).create();
    ReplicaSet stranger = replicaSet(created, 1);
    stranger.getMetadata().getOwnerReferences().get(0).setUid("someone-else");
    client.apps().replicaSets().inNamespace("prod").resource(stranger).create();

    ActionOutcome outcome = action("{kubernetes.undo: {deployment: shop, namespace: prod}}").run();

    assertThat(outcome.done()).isFalse();
  }

  private RuntimeAction action(String yaml) throws Exception {
    JsonNode node = YAML.readTree(yaml);
    return Actions.parse(node, "do[0]", settings);
  }

  private int replicas(String name) {
    return client
        .apps()
        .deployments()
        .inNamespace("prod")
        .withName(name)
        .get()
        .getSpec()
        .getReplicas();
  }

  private static Deployment deployment(String name, int replicas, String image, String revision) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .addToAnnotations("deployment.kubernetes.io/revision", revision)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage(image)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The ReplicaSet the Deployment controller would have made for a revision (image shop:N). */
  private static ReplicaSet replicaSet(Deployment owner, int revision) {
    String name = owner.getMetadata().getName();
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name + "-hash" + revision)
        .addToLabels("app", name)
        .addToLabels("pod-template-hash", "hash" + revision)
        .addToAnnotations("deployment.kubernetes.io/revision", String.valueOf(revision))
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name)
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(0)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .addToMatchLabels("pod-template-hash", "hash" + revision)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .addToLabels("pod-template-hash", "hash" + revision)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(name)
        .withImage("shop:" + revision)
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The first container's image of the deployment {@code prod/name}. */
  private String image(String name) {
    return image(client.apps().deployments().inNamespace("prod").withName(name).get());
  }

  private static String image(Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }
}

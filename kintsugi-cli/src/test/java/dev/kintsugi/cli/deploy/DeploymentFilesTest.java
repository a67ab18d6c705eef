package dev.kintsugi.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintsugi.cli.KintsugiCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.StreamSupport;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import picocli.CommandLine;

/**
 * The deployment of {@code deploy/} (docs/deploy.md): the Kubernetes manifests and the Compose
 * file, read as YAML and held to what the docs promise (probes on {@code /healthz}, servers {@code
 * --serve-only} with a journal volume each, workers without an API token, secrets only from a
 * Secret or an env file, nobody root), and every {@code kintsugi} command line in them parsed by
 * the CLI itself, so an option renamed in the code breaks this test rather than a deployment.
 */
class DeploymentFilesTest {

  private static final Path DEPLOY = DeployFiles.root();
  private static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
  private static final Path COMPOSE = DEPLOY.resolve("compose");
  private static final String HOME = "/home/kintsugi";

  @Nested
  class Kubernetes {

    @Test
    void everyFileHoldsKubernetesObjectsOrKustomizationsAndEveryReferenceExists() {
      List<Path> files = DeployFiles.yamlFiles(KUBERNETES);
      assertThat(files).hasSizeGreaterThanOrEqualTo(7);
      Set<Path> referenced = new HashSet<>();
      for (Path file : files) {
        List<JsonNode> documents = DeployFiles.documents(file);
        assertThat(documents).as(file.toString()).isNotEmpty();
        for (JsonNode document : documents) {
          assertThat(document.path("apiVersion").asText()).as(file + ": apiVersion").isNotBlank();
          String kind = document.path("kind").asText();
          assertThat(kind).as(file + ": kind").isNotBlank();
          if (kind.equals("Kustomization") || kind.equals("Component")) {
            for (String name : kustomizationFiles(document)) {
              Path target = file.resolveSibling(name).normalize();
              assertThat(target).as(file + " names " + name).exists();
              referenced.add(target);
            }
          } else {
            assertThat(document.at("/metadata/name").asText()).as(file + ": name").isNotBlank();
            assertThat(document.at("/metadata/namespace").isMissingNode())
                .as(file + ": namespace-agnostic")
                .isTrue();
          }
        }
      }
      // Everything the base directory holds is applied, except the Secret's template.
      for (Path file : files) {
        if (file.getParent().equals(KUBERNETES)
            && !file.getFileName().toString().startsWith("kustomization")
            && !file.getFileName().toString().equals("secret.template.yaml")) {
          assertThat(referenced).as("kustomization.yaml lists " + file).contains(file);
        }
      }
    }

    @Test
    void serversAreAStatefulSetOfThreeServeOnlyNodesEachWithItsOwnJournalVolume() {
      JsonNode server = object(base(), "StatefulSet", "kintsugi-server");
      assertThat(server.at("/spec/replicas").asInt()).isEqualTo(3);
      JsonNode container = onlyContainer(server);
      List<String> args = strings(container.path("args"));
      assertThat(args.get(0)).isEqualTo("server");
      assertThat(args).contains("--serve-only");
      String journal = optionValue(args, "--journal").orElseThrow();
      JsonNode claims = server.at("/spec/volumeClaimTemplates");
      assertThat(claims).hasSize(1);
      String claim = claims.get(0).at("/metadata/name").asText();
      assertThat(mountPath(container, claim)).contains(journal);
      assertThat(strings(claims.get(0).at("/spec/accessModes"))).containsExactly("ReadWriteOnce");
      // Scaled down and up again, an ordinal gets its journal back.
      assertThat(server.at("/spec/persistentVolumeClaimRetentionPolicy/whenScaled").asText())
          .isEqualTo("Retain");
      JsonNode service = object(base(), "Service", "kintsugi-server");
      assertThat(service.at("/spec/selector"))
          .isEqualTo(server.at("/spec/template/metadata/labels"));
      assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
      assertThat(server.at("/spec/serviceName").asText())
          .isEqualTo(
              object(base(), "Service", "kintsugi-server-headless").at("/metadata/name").asText());
    }

    @Test
    void workersAreADeploymentOfTwoThatCannotReachTheKubernetesApi() {
      JsonNode worker = object(base(), "Deployment", "kintsugi-worker");
      assertThat(worker.at("/spec/replicas").asInt()).isEqualTo(2);
      List<String> args = strings(onlyContainer(worker).path("args"));
      assertThat(args.get(0)).isEqualTo("worker");
      assertThat(optionValue(args, "--metrics-port")).isPresent();
      JsonNode pod = worker.at("/spec/template/spec");
      assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
      JsonNode account = object(base(), "ServiceAccount", pod.path("serviceAccountName").asText());
      assertThat(account.path("automountServiceAccountToken").asBoolean(true)).isFalse();
      assertThat(base()).noneMatch(o -> o.path("kind").asText().contains("Role"));
      JsonNode server = object(base(), "StatefulSet", "kintsugi-server");
      assertThat(server.at("/spec/template/spec/automountServiceAccountToken").asBoolean(true))
          .isFalse();
    }

    @Test
    void everyProbeAsksForHealthzOnThePortTheCommandListensOn() {
      Map<String, String> portOption = Map.of("server", "--port", "worker", "--metrics-port");
      for (JsonNode workload : workloads()) {
        JsonNode container = onlyContainer(workload);
        List<String> args = strings(container.path("args"));
        int port = Integer.parseInt(optionValue(args, portOption.get(args.get(0))).orElseThrow());
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          JsonNode get = container.path(probe).path("httpGet");
          String what = name(workload) + " " + probe;
          assertThat(get.path("path").asText()).as(what).isEqualTo("/healthz");
          assertThat(containerPort(container, get.path("port").asText())).as(what).isEqualTo(port);
        }
        // A database outage fails every node's /healthz: liveness gives it minutes, not seconds.
        JsonNode liveness = container.path("livenessProbe");
        assertThat(
                liveness.path("periodSeconds").asInt(10)
                    * liveness.path("failureThreshold").asInt(3))
            .as(name(workload) + " liveness window, seconds")
            .isGreaterThanOrEqualTo(120);
      }
    }

    @Test
    void everyContainerRunsAsNonRootOnAReadOnlyRootWithoutCapabilities() {
      for (JsonNode workload : workloads()) {
        JsonNode pod = workload.at("/spec/template/spec");
        for (JsonNode container : pod.path("containers")) {
          String what = name(workload) + "/" + container.path("name").asText();
          JsonNode security = container.path("securityContext");
          assertThat(
                  security.path("runAsNonRoot").asBoolean(false)
                      || pod.at("/securityContext/runAsNonRoot").asBoolean(false))
              .as(what + " runAsNonRoot")
              .isTrue();
          assertThat(pod.at("/securityContext/runAsUser").asInt(0)).as(what + " uid").isPositive();
          assertThat(security.path("allowPrivilegeEscalation").asBoolean(true)).as(what).isFalse();
          assertThat(security.path("readOnlyRootFilesystem").asBoolean(false)).as(what).isTrue();
          assertThat(strings(security.at("/capabilities/drop"))).as(what).containsExactly("ALL");
          // What the read-only root leaves writable: the home (HOME, user.home) and /tmp.
          assertThat(mountPath(container, "home")).as(what).contains(HOME);
          assertThat(mountPath(container, "tmp")).as(what).contains("/tmp");
          assertThat(container.at("/resources/limits/memory").asText()).as(what).isNotBlank();
        }
      }
    }

    @Test
    void theDatabaseUrlAndTheAdminTokenComeFromTheSecretAndNoManifestHoldsACredential() {
      for (JsonNode workload : workloads()) {
        JsonNode container = onlyContainer(workload);
        assertThat(secretKey(container, "KINTSUGI_DB_URL"))
            .as(name(workload))
            .contains("kintsugi/KINTSUGI_DB_URL");
        assertThat(optionValue(strings(container.path("args")), "--db")).isEmpty();
      }
      assertThat(
              secretKey(
                  onlyContainer(object(base(), "StatefulSet", "kintsugi-server")),
                  "KINTSUGI_ADMIN_TOKEN"))
          .contains("kintsugi/KINTSUGI_ADMIN_TOKEN");
      for (Path file : DeployFiles.yamlFiles(KUBERNETES)) {
        for (JsonNode document : DeployFiles.documents(file)) {
          if (document.path("kind").asText().equals("Secret")) {
            assertThat(file.getFileName().toString()).isEqualTo("secret.template.yaml");
            assertThat(document.at("/metadata/name").asText()).isEqualTo("kintsugi");
            assertThat(document.path("data").isMissingNode()).isTrue();
            document
                .path("stringData")
                .fields()
                .forEachRemaining(
                    e -> assertThat(e.getValue().asText()).as(e.getKey()).contains("REPLACE_ME"));
            assertThat(document.at("/stringData/KINTSUGI_DB_URL").asText())
                .startsWith("jdbc:postgresql://");
          } else {
            for (String text : texts(document)) {
              assertThat(text.toLowerCase())
                  .as(file.toString())
                  .doesNotContain("password", "jdbc:");
            }
          }
        }
      }
    }

    @Test
    void nodeIdsAreThePodNames() {
      for (JsonNode workload : workloads()) {
        JsonNode container = onlyContainer(workload);
        String nodeId = optionValue(strings(container.path("args")), "--node-id").orElseThrow();
        assertThat(nodeId).matches("\\$\\([A-Z_]+\\)");
        String variable = nodeId.substring(2, nodeId.length() - 1);
        JsonNode env = env(container, variable).orElseThrow();
        assertThat(env.at("/valueFrom/fieldRef/fieldPath").asText())
            .as(name(workload))
            .isEqualTo("metadata.name");
      }
    }

    @Test
    void theRunbookRoleOnlyScalesRestartsAndUndoesWorkloads() {
      Path component = KUBERNETES.resolve("runbooks-kubernetes");
      List<JsonNode> objects = DeployFiles.documents(component.resolve("rbac.yaml"));
      JsonNode role = object(objects, "Role", "kintsugi-runbooks");
      Set<String> resources = new HashSet<>();
      for (JsonNode rule : role.path("rules")) {
        assertThat(strings(rule.path("apiGroups"))).containsExactly("apps");
        resources.addAll(strings(rule.path("resources")));
        assertThat(strings(rule.path("verbs"))).isSubsetOf("get", "list", "patch", "update");
      }
      assertThat(resources)
          .containsExactlyInAnyOrder(
              "deployments",
              "statefulsets",
              "deployments/scale",
              "statefulsets/scale",
              "replicasets");
      JsonNode binding = object(objects, "RoleBinding", "kintsugi-runbooks");
      assertThat(binding.at("/roleRef/name").asText()).isEqualTo("kintsugi-runbooks");
      String account = binding.at("/subjects/0/name").asText();
      object(objects, "ServiceAccount", account);
      JsonNode patch = DeployFiles.documents(component.resolve("worker-patch.yaml")).get(0);
      assertThat(patch.at("/metadata/name").asText()).isEqualTo("kintsugi-worker");
      assertThat(patch.at("/spec/template/spec/serviceAccountName").asText()).isEqualTo(account);
      assertThat(patch.at("/spec/template/spec/automountServiceAccountToken").asBoolean()).isTrue();
    }

    @Test
    void theUnconfinedHealsComponentAppendsTheOptionAndFencesTheWorkersNetwork() {
      Path component = KUBERNETES.resolve("unconfined-heals");
      JsonNode kustomization =
          DeployFiles.documents(component.resolve("kustomization.yaml")).get(0);
      JsonNode patch = kustomization.at("/patches/0");
      assertThat(patch.at("/target/name").asText()).isEqualTo("kintsugi-worker");
      JsonNode op = DeployFiles.documents(patch.path("patch").asText()).get(0).get(0);
      assertThat(op.path("op").asText()).isEqualTo("add");
      assertThat(op.path("path").asText()).isEqualTo("/spec/template/spec/containers/0/args/-");
      assertThat(op.path("value").asText()).isEqualTo("--allow-unconfined-heals");
      JsonNode worker = object(base(), "Deployment", "kintsugi-worker");
      assertThat(worker.at("/spec/template/spec/containers")).hasSize(1);
      // Unconfined heal code may open connections: only the metrics port comes in.
      assertThat(strings(kustomization.path("resources"))).containsExactly("networkpolicy.yaml");
      JsonNode policy =
          object(
              DeployFiles.documents(component.resolve("networkpolicy.yaml")),
              "NetworkPolicy",
              "kintsugi-worker");
      assertThat(policy.at("/spec/podSelector/matchLabels"))
          .isEqualTo(worker.at("/spec/template/metadata/labels"));
      assertThat(strings(policy.at("/spec/policyTypes")))
          .containsExactlyInAnyOrder("Ingress", "Egress");
      assertThat(policy.at("/spec/ingress")).hasSize(1);
      assertThat(policy.at("/spec/ingress/0/from").isMissingNode()).isTrue();
      assertThat(policy.at("/spec/ingress/0/ports")).hasSize(1);
      assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("metrics");
      Set<Integer> egressPorts = new HashSet<>();
      policy
          .at("/spec/egress")
          .forEach(
              rule -> rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asInt())));
      assertThat(egressPorts).containsExactlyInAnyOrder(53, 5432, 443, 22);
    }
  }

  @Nested
  class Compose {

    private final JsonNode compose =
        DeployFiles.documents(COMPOSE.resolve("docker-compose.yml")).get(0);
    private final JsonNode services = compose.path("services");

    @Test
    void postgresTwoServersAWorkerAndALoadBalancer() {
      assertThat(names(services))
          .containsExactlyInAnyOrder("postgres", "server-1", "server-2", "worker", "lb");
      assertThat(services.at("/postgres/image").asText()).startsWith("postgres:16");
      assertThat(strings(services.at("/postgres/volumes"))).anyMatch(v -> v.startsWith("pgdata:"));
      assertThat(strings(services.at("/postgres/healthcheck/test")))
          .anyMatch(t -> t.contains("pg_isready"));
      Set<String> nodeIds = new HashSet<>();
      for (String name : List.of("server-1", "server-2")) {
        List<String> command = strings(services.path(name).path("command"));
        assertThat(command.get(0)).isEqualTo("server");
        assertThat(command).contains("--serve-only");
        nodeIds.add(optionValue(command, "--node-id").orElseThrow());
        // The journal lives on a named volume of its own server.
        String journal = optionValue(command, "--journal").orElseThrow();
        assertThat(namedVolumeUnder(services.path(name), journal)).isPresent();
        assertThat(services.at("/" + name + "/depends_on/postgres/condition").asText())
            .isEqualTo("service_healthy");
      }
      assertThat(strings(services.at("/worker/command")).get(0)).isEqualTo("worker");
      nodeIds.add(optionValue(strings(services.at("/worker/command")), "--node-id").orElseThrow());
      assertThat(nodeIds).hasSize(3);
      assertThat(names(compose.path("volumes"))).contains("pgdata", "journal-1", "journal-2");
    }

    @Test
    void theLoadBalancerSpreadsOverBothServersOnTheirPort() throws IOException {
      String nginx = Files.readString(COMPOSE.resolve("nginx.conf"));
      for (String name : List.of("server-1", "server-2")) {
        String port =
            optionValue(strings(services.path(name).path("command")), "--port").orElseThrow();
        assertThat(nginx).contains("server " + name + ":" + port);
      }
      assertThat(strings(services.at("/lb/volumes"))).anyMatch(v -> v.startsWith("./nginx.conf:"));
    }

    @Test
    void everyKintsugiHealthcheckAsksForHealthzOnItsPort() {
      for (String name : List.of("server-1", "server-2", "worker")) {
        List<String> command = strings(services.path(name).path("command"));
        String port =
            optionValue(command, command.get(0).equals("server") ? "--port" : "--metrics-port")
                .orElseThrow();
        String test = String.join(" ", strings(services.path(name).at("/healthcheck/test")));
        assertThat(test).as(name).contains("/dev/tcp/127.0.0.1/" + port).contains("GET /healthz");
      }
      for (String name : names(services)) {
        assertThat(services.path(name).path("healthcheck").path("test").isArray())
            .as(name)
            .isTrue();
      }
    }

    @Test
    void secretsComeFromEnvFilesThatAreNotCommittedAndNobodyRunsAsRoot() throws IOException {
      String file = Files.readString(COMPOSE.resolve("docker-compose.yml")).toLowerCase();
      assertThat(file).doesNotContain("password=", "jdbc:", "admin_token=");
      for (String name : names(services)) {
        JsonNode service = services.path(name);
        String user = service.path("user").asText();
        assertThat(user).as(name + " user").matches("[1-9][0-9]*:[0-9]+");
        assertThat(service.path("environment").isMissingNode()).as(name).isTrue();
      }
      for (String name : List.of("server-1", "server-2", "worker")) {
        JsonNode service = services.path(name);
        assertThat(strings(service.path("env_file"))).as(name).containsExactly("kintsugi.env");
        assertThat(service.path("read_only").asBoolean()).as(name).isTrue();
        assertThat(strings(service.path("cap_drop"))).as(name).containsExactly("ALL");
      }
      assertThat(Files.readAllLines(COMPOSE.resolve(".gitignore")))
          .contains("kintsugi.env", "postgres.env");
      for (String example : List.of("kintsugi.env.example", "postgres.env.example")) {
        for (String line : Files.readAllLines(COMPOSE.resolve(example))) {
          if (line.toLowerCase().matches("[^#]*(password|token).*=.*")) {
            assertThat(line).as(example).contains("REPLACE_ME");
          }
        }
      }
    }
  }

  @Nested
  class CommandLines {

    /**
     * The base's, the components' and the Compose file's command lines, {@code $(VAR)} expanded as
     * Kubernetes does: picocli refuses an unknown command or option, or a value of the wrong type.
     */
    @Test
    void everyKintsugiCommandLineIsOneTheCliAccepts() {
      Map<String, List<String>> commandLines = new TreeMap<>();
      for (JsonNode workload : workloads()) {
        commandLines.put(name(workload), strings(onlyContainer(workload).path("args")));
      }
      List<String> unconfined = new ArrayList<>(commandLines.get("Deployment/kintsugi-worker"));
      unconfined.add("--allow-unconfined-heals");
      commandLines.put("unconfined-heals component", unconfined);
      JsonNode services =
          DeployFiles.documents(COMPOSE.resolve("docker-compose.yml")).get(0).path("services");
      for (String name : List.of("server-1", "server-2", "worker")) {
        commandLines.put("compose " + name, strings(services.path(name).path("command")));
      }
      for (Map.Entry<String, List<String>> line : commandLines.entrySet()) {
        String[] args =
            line.getValue().stream()
                .map(a -> a.replaceAll("\\$\\([A-Z_]+\\)", "pod-0"))
                .toArray(String[]::new);
        CommandLine.ParseResult parsed;
        try {
          parsed = new CommandLine(new KintsugiCommand()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
          throw new AssertionError(
              line.getKey() + ": kintsugi " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
        assertThat(parsed.subcommand()).as(line.getKey()).isNotNull();
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo(args[0]);
        assertThat(parsed.subcommand().unmatched()).as(line.getKey()).isEmpty();
      }
    }
  }

  @Nested
  class Image {

    @Test
    void theImageRunsTheCliAsTheUserAndHomeTheDeploymentsExpect() throws Exception {
      Document pom =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(DeployFiles.repository().resolve("kintsugi-cli/pom.xml").toFile());
      var xpath = XPathFactory.newInstance().newXPath();
      String container =
          "//profile[id='image']//plugin[artifactId='jib-maven-plugin']/configuration/container/";
      assertThat(xpath.evaluate(container + "mainClass", pom))
          .isEqualTo(KintsugiCommand.class.getName());
      assertThat(xpath.evaluate(container + "environment/HOME", pom)).isEqualTo(HOME);
      assertThat(xpath.evaluate(container + "jvmFlags/jvmFlag", pom))
          .isEqualTo("-Duser.home=" + HOME);
      String user = xpath.evaluate(container + "user", pom);
      assertThat(user).matches("[1-9][0-9]*:[0-9]+");
      int uid = Integer.parseInt(user.substring(0, user.indexOf(':')));
      for (JsonNode workload : workloads()) {
        assertThat(workload.at("/spec/template/spec/securityContext/runAsUser").asInt())
            .as(name(workload))
            .isEqualTo(uid);
      }
      JsonNode services =
          DeployFiles.documents(COMPOSE.resolve("docker-compose.yml")).get(0).path("services");
      for (String name : List.of("server-1", "server-2", "worker")) {
        assertThat(services.path(name).path("user").asText()).isEqualTo(user);
        assertThat(strings(services.path(name).path("volumes")))
            .anyMatch(v -> v.endsWith(":" + HOME));
      }
      // The image, not kintsugi-all.jar: the profile only, so normal builds need no registry.
      assertThat(
              xpath.evaluate("/project/build/plugins/plugin[artifactId='jib-maven-plugin']", pom))
          .isEmpty();
    }
  }

  // --- reading the manifests

  /** The objects {@code kubectl apply -k deploy/kubernetes} creates. */
  private static List<JsonNode> base() {
    JsonNode kustomization = DeployFiles.documents(KUBERNETES.resolve("kustomization.yaml")).get(0);
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode resource : kustomization.path("resources")) {
      objects.addAll(DeployFiles.documents(KUBERNETES.resolve(resource.asText())));
    }
    return objects;
  }

  private static List<JsonNode> workloads() {
    return base().stream()
        .filter(o -> Set.of("Deployment", "StatefulSet").contains(o.path("kind").asText()))
        .toList();
  }

  private static JsonNode object(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static String name(JsonNode object) {
    return object.path("kind").asText() + "/" + object.at("/metadata/name").asText();
  }

  private static JsonNode onlyContainer(JsonNode workload) {
    JsonNode containers = workload.at("/spec/template/spec/containers");
    assertThat(containers).as(name(workload)).hasSize(1);
    return containers.get(0);
  }

  private static List<String> kustomizationFiles(JsonNode kustomization) {
    List<String> files = new ArrayList<>(strings(kustomization.path("resources")));
    files.addAll(strings(kustomization.path("components")));
    for (JsonNode patch : kustomization.path("patches")) {
      if (patch.has("path")) {
        files.add(patch.path("path").asText());
      }
    }
    return files;
  }

  /** The value of {@code --name=value} or {@code --name value}. */
  private static Optional<String> optionValue(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).startsWith(name + "=")) {
        return Optional.of(args.get(i).substring(name.length() + 1));
      }
      if (args.get(i).equals(name) && i + 1 < args.size()) {
        return Optional.of(args.get(i + 1));
      }
    }
    return Optional.empty();
  }

  private static Optional<String> mountPath(JsonNode container, String volume) {
    return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
        .filter(m -> m.path("name").asText().equals(volume))
        .map(m -> m.path("mountPath").asText())
        .findFirst();
  }

  private static int containerPort(JsonNode container, String portName) {
    for (JsonNode port : container.path("ports")) {
      if (port.path("name").asText().equals(portName)) {
        return port.path("containerPort").asInt();
      }
    }
    throw new AssertionError("no port named " + portName);
  }

  private static Optional<JsonNode> env(JsonNode container, String name) {
    return StreamSupport.stream(container.path("env").spliterator(), false)
        .filter(e -> e.path("name").asText().equals(name))
        .findFirst();
  }

  /** {@code secret/key} of an environment variable read from a Secret. */
  private static Optional<String> secretKey(JsonNode container, String variable) {
    return env(container, variable)
        .filter(e -> e.path("value").isMissingNode())
        .map(e -> e.at("/valueFrom/secretKeyRef"))
        .filter(ref -> !ref.isMissingNode() && !ref.path("optional").asBoolean(false))
        .map(ref -> ref.path("name").asText() + "/" + ref.path("key").asText());
  }

  /** The named volume (not a host path) a Compose service mounts at or above {@code path}. */
  private static Optional<String> namedVolumeUnder(JsonNode service, String path) {
    for (String volume : strings(service.path("volumes"))) {
      String[] parts = volume.split(":");
      if (!parts[0].startsWith(".")
          && !parts[0].startsWith("/")
          && Path.of(path).startsWith(parts[1])) {
        return Optional.of(parts[0]);
      }
    }
    return Optional.empty();
  }

  private static List<String> strings(JsonNode array) {
    List<String> strings = new ArrayList<>();
    array.forEach(n -> strings.add(n.asText()));
    return strings;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new HashSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** Every string value (and key) of a tree. */
  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isTextual()) {
      texts.add(node.asText());
    }
    node.fields()
        .forEachRemaining(
            e -> {
              texts.add(e.getKey());
              texts.addAll(texts(e.getValue()));
            });
    if (node.isArray()) {
      node.forEach(n -> texts.addAll(texts(n)));
    }
    return texts;
  }
}

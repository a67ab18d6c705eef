package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.production.ProductionHealer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole attack of a DSN key holder on the heal host, with every part real (server, journal,
 * database, production healer, sandbox, Maven): events whose release is a commit on no trusted
 * branch, and whose in-app frame asks the reproduction test to delete files outside its scratch
 * directory. Afterwards the files still exist, and that commit was never built.
 */
class UntrustedEventsTest {

  private static final String TOKEN = "t".repeat(32);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private KintsugiServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void eventsCannotPickTheCommitBuiltNorMakeTheReproductionDeleteHostFiles() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("shop"));
    Files.writeString(repo.resolve("pom.xml"), InterruptedHealTest.POM);
    Path main = Files.createDirectories(repo.resolve("src/main/java/shop"));
    Path test = Files.createDirectories(repo.resolve("src/test/java/shop"));
    Files.writeString(
        main.resolve("Spool.java"),
        """
        package shop;

        import java.io.IOException;
        import java.nio.file.Files;
        import java.nio.file.Path;

        /** Finished print jobs. */
        public class Spool {
          /** Deletes a finished job's file. */
          public static void remove(String path) throws IOException {
            Files.delete(Path.of(path));
          }

          public static int pages(int sheets) {
            return sheets * 2;
          }
        }
        """);
    Files.writeString(
        test.resolve("SpoolTest.java"),
        """
        package shop;

        class SpoolTest {
          @org.junit.jupiter.api.Test
          void twoPagesASheet() {
            org.junit.jupiter.api.Assertions.assertEquals(4, Spool.pages(2));
          }
        }
        """);
    String trusted;
    String untrusted;
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      trusted = commit(git, "spool");
      git.checkout().setCreateBranch(true).setName("attacker").call();
      Files.writeString(
          test.resolve("MarkerTest.java"),
          "package shop; class MarkerTest { @org.junit.jupiter.api.Test void m() {} }\n");
      git.add().addFilepattern(".").call();
      untrusted = commit(git, "a commit on no trusted branch");
      git.checkout().setName("main").call();
      git.branchDelete().setBranchNames("attacker").setForce(true).call();
    }
    // Files the event asks the reproduction to delete: under /tmp, and outside it.
    Path victimInTmp = Files.writeString(tmp.resolve("victim.txt"), "keep me\n");
    Path victimElsewhere =
        Files.writeString(
            Files.createDirectories(Path.of("target", "victims"))
                .resolve("victim-" + UUID.randomUUID() + ".txt")
                .toAbsolutePath(),
            "keep me too\n");

    server =
        KintsugiServer.start(
            ServerConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .dbUrl("jdbc:h2:file:" + tmp.resolve("db").toAbsolutePath())
                .adminToken(TOKEN)
                .repoRoot(tmp)
                .build(),
            new ProductionHealer(
                HealOptions.defaults(repo)
                    .withWorkDir(tmp.resolve("work"))
                    .withMemoryDir(null)
                    .withTimeout(Duration.ofMinutes(4)),
                tmp.resolve("mirrors"),
                Progress.printingTo(System.out),
                Clock.systemUTC()),
            System.out::println);
    String base = "http://127.0.0.1:" + server.port();
    JsonNode project =
        JSON.readTree(
            send(
                    "POST",
                    base + "/api/v1/projects",
                    "{\"name\":\"shop\",\"repo\":"
                        + JSON.writeValueAsString(repo.toString())
                        + ",\"inAppPrefixes\":[\"shop\"]}")
                .body());
    long id = project.get("id").asLong();
    String key = project.get("dsn").asText().replaceAll("^http://([0-9a-f]+)@.*$", "$1");

    // Two events each, so the frame passes the sightings rule and the sandbox is the last line;
    // two exception types, so two incidents, one per victim.
    String[][] attacks = {
      {"java.lang.IllegalStateException", victimInTmp.toString()},
      {"java.lang.IllegalArgumentException", victimElsewhere.toString()}
    };
    for (String[] attack : attacks) {
      for (int i = 0; i < 2; i++) {
        HttpResponse<String> r = postEvent(base, id, key, untrusted, attack[0], attack[1]);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      }
    }

    JsonNode runs = awaitRunsEnded(base, id, attacks.length);
    assertThat(runs).hasSize(attacks.length);
    assertThat(victimInTmp).exists().hasContent("keep me");
    assertThat(victimElsewhere).exists().hasContent("keep me too");
    for (JsonNode run : runs) {
      JsonNode report = JSON.readTree(send("GET", base + run.get("report").asText(), null).body());
      assertThat(report.get("baseCommit").asText())
          .as("the branch head was healed, never the event's release")
          .isEqualTo(trusted)
          .isNotEqualTo(untrusted);
      assertThat(report.get("warnings").toString())
          .contains(untrusted)
          .contains("not reachable from the trusted default branch");
    }
  }

  private static String commit(Git git, String message) throws Exception {
    RevCommit c =
        git.commit()
            .setMessage(message)
            .setAuthor("Dev", "dev@example.com")
            .setCommitter("Dev", "dev@example.com")
            .setSign(false)
            .call();
    return c.getName();
  }

  /** The heal runs of the project's incidents, once each of them has one that ended. */
  private JsonNode awaitRunsEnded(String base, long project, int incidentCount) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
    while (System.nanoTime() < deadline) {
      JsonNode incidents =
          JSON.readTree(
              send("GET", base + "/api/v1/projects/" + project + "/incidents", null).body());
      com.fasterxml.jackson.databind.node.ArrayNode all = JSON.createArrayNode();
      boolean ended = incidents.size() == incidentCount;
      for (JsonNode incident : incidents) {
        JsonNode runs =
            JSON.readTree(
                    send("GET", base + "/api/v1/incidents/" + incident.get("id").asLong(), null)
                        .body())
                .get("healingRuns");
        ended &= runs.size() > 0;
        for (JsonNode run : runs) {
          ended &= !run.get("status").asText().matches("queued|running");
          all.add(run);
        }
      }
      if (ended) {
        return all;
      }
      Thread.sleep(500);
    }
    throw new AssertionError("the heal did not end in time");
  }

  private HttpResponse<String> postEvent(
      String base, long project, String key, String release, String type, String victim)
      throws Exception {
    String eventId = UUID.randomUUID().toString().replace("-", "");
    String event =
        JSON.createObjectNode()
            .put("event_id", eventId)
            .put("level", "error")
            .put("platform", "java")
            .put("release", release)
            .set(
                "exception",
                JSON.readTree(
                    """
                    {"values":[{"type":%s,"value":"spool busy",
                      "stacktrace":{"frames":[{"module":"shop.Spool","function":"remove",
                        "filename":"Spool.java","lineno":11,"in_app":true,
                        "vars":{"path":%s}}]}}]}
                    """
                        .formatted(JSON.writeValueAsString(type), JSON.writeValueAsString(victim))))
            .toString();
    byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
    String envelope =
        "{\"event_id\":\""
            + eventId
            + "\"}\n{\"type\":\"event\",\"length\":"
            + bytes.length
            + "}\n"
            + event
            + "\n";
    return http.send(
        HttpRequest.newBuilder(URI.create(base + "/api/" + project + "/envelope/"))
            .header("X-Sentry-Auth", "Sentry sentry_version=7, sentry_key=" + key)
            .POST(HttpRequest.BodyPublishers.ofString(envelope))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(String method, String url, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}

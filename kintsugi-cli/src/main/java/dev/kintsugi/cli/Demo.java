package dev.kintsugi.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.heal.loop.HealOptions;
import dev.kintsugi.heal.loop.Progress;
import dev.kintsugi.heal.prepare.Releases;
import dev.kintsugi.heal.production.ProductionHealer;
import dev.kintsugi.server.KintsugiServer;
import dev.kintsugi.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * The whole production loop on the bundled sample service: a server on an embedded H2 database, the
 * sample service with Kintsugi's agent attached, traffic that hits its planted bugs, and the heals
 * that turn each incident into a reproduction test and a fix branch. Prints where to look and how
 * long each fix took from the first error.
 */
final class Demo {

  static final String AGENT_RESOURCE = "/dev/kintsugi/cli/bundled/kintsugi-agent.jar";
  static final String PACKAGE = "dev.kintsugi.example.shop";

  /**
   * Incidents healed at once, as the server's default: two per core. Heals of one release share its
   * preparation, and fixes waiting together are confirmed in one build (measured on 2 cores, 10
   * incidents at once: 2 heals at a time, fixed after 21–87 s; 8 at a time, after 34–56 s).
   */
  static int defaultHealConcurrency() {
    return HealingOptions.defaultHealConcurrency();
  }

  /** What to run; {@code unconfined}: heal without the sandbox (bubblewrap is missing). */
  record Options(
      Path example,
      Path workDir,
      Duration timeout,
      Set<String> onlyBugs,
      boolean verbose,
      int healConcurrency,
      boolean unconfined,
      boolean sequential) {}

  /** How it went: one line per incident. */
  /**
   * How it went: one line per incident whose heal ended.
   *
   * @param bugsHit planted bugs the traffic triggered: as many incidents are expected
   * @param dashboard the dashboard's sign-in link (it holds the demo server's admin token)
   */
  record Result(
      List<Fix> incidents, Path repository, String apiUrl, int bugsHit, String dashboard) {
    /** Every expected incident healed with a branch (one still waiting at the timeout is not). */
    boolean allFixed() {
      return !incidents.isEmpty()
          && incidents.size() >= bugsHit
          && incidents.stream().allMatch(f -> f.branch() != null);
    }
  }

  /** One incident and its heal. */
  record Fix(
      long incident,
      String title,
      String status,
      String branch,
      Double secondsFromFirstError,
      boolean reproduced,
      Path report,
      String summary,
      Map<String, Long> stageMillis,
      List<String> steps) {}

  private final Options options;
  private final PrintStream out;
  private final long start = System.nanoTime();
  private final ObjectMapper json = new ObjectMapper();

  Demo(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** What to do once the heals ended, while the server and the service still run. */
  @FunctionalInterface
  interface WhileOpen {
    WhileOpen NOTHING = result -> {};

    void use(Result result) throws Exception;
  }

  Result run() throws IOException, InterruptedException {
    return run(WhileOpen.NOTHING);
  }

  /** Runs the demo; {@code whileOpen} gets its result before the server and service stop. */
  Result run(WhileOpen whileOpen) throws IOException, InterruptedException {
    Path work = Files.createDirectories(options.workDir());
    Path repo = work.resolve("shop-service");
    copyTree(options.example(), repo);
    String commit = commitAll(repo);
    say(
        "setup",
        "sample service copied to " + repo + " (git commit " + commit.substring(0, 8) + ")");

    Path agent = work.resolve("kintsugi-agent.jar");
    try (InputStream in = Demo.class.getResourceAsStream(AGENT_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            "the agent jar is not bundled in this build (" + AGENT_RESOURCE + ")");
      }
      Files.copy(in, agent, StandardCopyOption.REPLACE_EXISTING);
    }

    HealOptions heal =
        HealOptions.defaults(repo)
            .withTimeout(Duration.ofSeconds(150))
            .withWorkDir(work.resolve("heal-tmp"))
            .withMemoryDir(work.resolve("memory"));
    if (options.unconfined()) {
      heal = heal.unconfined();
    }
    if (!options.sequential()) {
      // Every incident of the demo's one release heals from a single preparation of it.
      heal = heal.withReleases(new Releases(work.resolve("releases")));
    }
    Progress progress =
        options.verbose()
            ? (stage, message) -> say("  heal", stage + ": " + message)
            : Progress.silent();
    ProductionHealer healer =
        new ProductionHealer(heal, work.resolve("mirrors"), progress, Clock.systemUTC());
    ServerConfig config =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dbUrl("jdbc:h2:file:" + work.resolve("db/kintsugi").toAbsolutePath())
            .repoRoot(repo) // the server accepts only the demo's own copy as a local repository
            .build();
    try (KintsugiServer server =
        KintsugiServer.start(
            config, healer, options.healConcurrency(), line -> say("server", line))) {
      String base = "http://127.0.0.1:" + server.port();
      ApiClient api = new ApiClient(base, server.adminToken());
      say("server", "listening on " + base + " (H2 in " + work.resolve("db") + ")");
      String dashboard =
          base + "/login?token=" + URLEncoder.encode(server.adminToken(), StandardCharsets.UTF_8);
      say("dashboard", "watch it live at " + dashboard);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("name", "shop-service");
      body.put("repo", repo.toAbsolutePath().toString());
      body.put("inAppPrefixes", List.of(PACKAGE));
      body.put("autoHeal", "new");
      JsonNode project = api.post("/api/v1/projects", body);
      long projectId = project.get("id").asLong();
      say("project", "shop-service registered; new incidents in " + PACKAGE + " are healed");
      // Up to as many heals at once as the server runs, and every planted bug a new incident.
      Map<String, Object> budgets = new LinkedHashMap<>();
      budgets.put("concurrentHeals", options.healConcurrency());
      budgets.put("newFingerprintHealsPerHour", 30);
      budgets.put("healsPerHour", 30);
      api.put("/api/v1/projects/" + projectId + "/heal-policy", budgets);

      Path jar = SampleService.build(repo, work.resolve("build.log"));
      String agentOptions =
          "dsn="
              + project.get("dsn").asText()
              + ",packages="
              + PACKAGE
              + ",environment=demo,spool="
              + work.resolve("agent-spool");
      try (SampleService service =
          SampleService.start(repo, jar, agent, agentOptions, work.resolve("service.log"))) {
        say("service", "built and started with the agent at " + service.url());
        awaitPreparation(heal, repo, commit);
        int bugs = drive(service.url());
        List<Fix> fixes = await(api, projectId, bugs, work.resolve("reports"));
        Result result =
            new Result(
                fixes,
                repo,
                base + "/api/v1/projects/" + projectId + "/incidents",
                bugs,
                dashboard);
        try {
          whileOpen.use(result);
        } catch (IOException | InterruptedException | RuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException(e);
        }
        return result;
      }
    }
  }

  /**
   * Waits until the server has prepared the release the service runs (it began when the project was
   * registered): a service in production has run its release for a while before its first error,
   * and the figures measure heals, not the preparation racing the service's own build.
   */
  private void awaitPreparation(HealOptions heal, Path repo, String commit) {
    if (heal.releases().isEmpty()) {
      return;
    }
    long began = System.nanoTime();
    try {
      heal.releases()
          .get()
          .get(
              repo,
              commit,
              new Releases.Settings(heal.sandbox(), heal.testCommand(), heal.timeout()),
              message -> {});
      say(
          "prepare",
          String.format(
              Locale.ROOT,
              "release %s prepared: built and tested once for all its heals (waited %.1f s)",
              commit.substring(0, 8),
              (System.nanoTime() - began) / 1e9));
    } catch (dev.kintsugi.heal.prepare.PreparationException e) {
      say("prepare", "the release could not be prepared (" + e.getMessage() + ")");
    }
  }

  /** Sends the example's traffic; returns how many distinct bugs it triggered. */
  private int drive(String url) throws IOException, InterruptedException {
    JsonNode traffic = json.readTree(options.example().resolve("demo-traffic.json").toFile());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    int ok = 0;
    int errors = 0;
    Set<String> bugs = new LinkedHashSet<>();
    for (JsonNode request : traffic) {
      String bug = request.path("bug").isTextual() ? request.get("bug").asText() : null;
      if (bug != null && !options.onlyBugs().isEmpty() && !options.onlyBugs().contains(bug)) {
        continue;
      }
      JsonNode payload = request.get("body");
      HttpRequest.Builder b =
          HttpRequest.newBuilder(URI.create(url + request.get("path").asText()))
              .timeout(Duration.ofSeconds(10));
      if (payload == null || payload.isNull()) {
        b.method(request.path("method").asText("GET"), HttpRequest.BodyPublishers.noBody());
      } else {
        b.header("Content-Type", "application/json")
            .method(
                request.path("method").asText("POST"),
                HttpRequest.BodyPublishers.ofString(json.writeValueAsString(payload)));
      }
      int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status >= 500) {
        errors++;
        if (bug != null) {
          bugs.add(bug);
        }
      } else {
        ok++;
      }
    }
    say(
        "traffic",
        (ok + errors)
            + " requests: "
            + ok
            + " answered, "
            + errors
            + " failed with 500 ("
            + bugs.size()
            + " planted bug(s) hit: "
            + String.join(", ", bugs)
            + ")");
    return bugs.size();
  }

  /** Waits until every incident has a finished heal, printing each as it ends. */
  private List<Fix> await(ApiClient api, long projectId, int expected, Path reports)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    Map<Long, Fix> done = new LinkedHashMap<>();
    Set<Long> announced = new LinkedHashSet<>();
    Files.createDirectories(reports);
    while (System.nanoTime() < deadline) {
      JsonNode incidents = api.get("/api/v1/projects/" + projectId + "/incidents");
      for (JsonNode incident : incidents) {
        long id = incident.get("id").asLong();
        if (done.containsKey(id)) {
          continue;
        }
        if (announced.add(id)) {
          say("incident", "#" + id + " " + incident.get("title").asText());
        }
        JsonNode detail = api.get("/api/v1/incidents/" + id);
        for (JsonNode run : detail.path("healingRuns")) {
          if (run.path("report").isTextual()) {
            done.put(id, finished(api, incident, run, reports));
          }
        }
      }
      if (done.size() >= Math.max(expected, 1) && done.size() == incidents.size()) {
        break;
      }
      Thread.sleep(250);
    }
    if (done.size() < Math.max(expected, 1)) {
      say("timeout", "gave up waiting after " + options.timeout().toSeconds() + " s");
    }
    return new ArrayList<>(done.values());
  }

  private Fix finished(ApiClient api, JsonNode incident, JsonNode run, Path reports)
      throws IOException, InterruptedException {
    long id = incident.get("id").asLong();
    JsonNode report = api.get(run.get("report").asText());
    Path file = reports.resolve("incident-" + id + ".json");
    Files.writeString(
        file,
        json.writerWithDefaultPrettyPrinter().writeValueAsString(report),
        StandardCharsets.UTF_8);
    String branch = run.path("branch").isTextual() ? run.get("branch").asText() : null;
    // Until the branch exists: the deliver stage's start, else the run's end.
    String branchAt = run.get("updatedAt").asText();
    for (JsonNode step : run.path("stages")) {
      if (step.path("stage").asText().equals("deliver")) {
        branchAt = step.path("at").asText();
      }
    }
    Double seconds =
        branch == null
            ? null
            : Duration.between(
                        Instant.parse(incident.get("firstSeen").asText()), Instant.parse(branchAt))
                    .toMillis()
                / 1000.0;
    boolean reproduced = run.path("reproduced").asBoolean(false);
    // The heal's stages as the server recorded them: time per stage, in the order they began.
    Map<String, Long> stages = new LinkedHashMap<>();
    List<String> steps = new ArrayList<>();
    for (JsonNode step : run.path("stages")) {
      stages.merge(step.path("stage").asText(), step.path("ms").asLong(), Long::sum);
      steps.add(step.path("stage").asText() + ": " + step.path("message").asText());
    }
    Fix fix =
        new Fix(
            id,
            incident.get("title").asText(),
            run.get("status").asText(),
            branch,
            seconds,
            reproduced,
            file,
            run.path("summary").asText(""),
            stages,
            steps);
    say(
        fix.status(),
        "#"
            + id
            + (branch == null
                ? ": " + fix.summary()
                : String.format(
                    Locale.ROOT,
                    " → %s, %.1f s after the first error%s",
                    branch,
                    seconds,
                    reproduced
                        ? " (reproduction test "
                            + report.at("/reproduction/test").asText()
                            + " failed before, passes after)"
                        : " (no reproduction test: stack trace and existing tests)")));
    if (!stages.isEmpty()) {
      say(
          "  stages",
          "#"
              + id
              + " "
              + stages.entrySet().stream()
                  .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 1e3))
                  .collect(java.util.stream.Collectors.joining(", ")));
    }
    return fix;
  }

  private void say(String stage, String message) {
    out.printf(
        Locale.ROOT, "[%6.1fs] %-9s %s%n", (System.nanoTime() - start) / 1e9, stage, message);
    out.flush();
  }

  private static String commitAll(Path repo) throws IOException {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      var ident = new org.eclipse.jgit.lib.PersonIdent("Kintsugi Demo", "demo@kintsugi.local");
      return git.commit()
          .setMessage("shop-service: the sample service of kintsugi demo")
          .setAuthor(ident)
          .setCommitter(ident)
          .setSign(false)
          .call()
          .getName();
    } catch (GitAPIException e) {
      throw new IOException("cannot make the demo repository: " + e.getMessage(), e);
    }
  }

  /** Copies the example's sources (not its build output) into a fresh directory. */
  static void copyTree(Path from, Path to) throws IOException {
    if (!Files.isRegularFile(from.resolve("pom.xml"))) {
      throw new IOException("no sample service at " + from + " (pom.xml missing)");
    }
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            String name = dir.getFileName().toString();
            if (!dir.equals(from) && (name.equals("target") || name.equals(".git"))) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.copy(file, to.resolve(from.relativize(file).toString()));
            return FileVisitResult.CONTINUE;
          }
        });
  }
}

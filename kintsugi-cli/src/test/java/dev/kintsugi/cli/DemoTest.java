package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.server.testing.Browser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, with every part real: the sample service runs in its own JVM with the agent jar,
 * throws in production, the agent sends the event to the server, the server heals the incident
 * (reproduction test from the captured arguments, template fix, Maven builds), and a fix branch
 * appears in the service's repository.
 */
class DemoTest {

  @TempDir Path work;

  @Test
  void aThrownExceptionBecomesAReproductionTestAndAFixBranch() throws Exception {
    Path example = DemoCommand.findExample().orElseThrow();
    String bug = firstBug(example);
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    List<String> seen = new java.util.ArrayList<>();
    Demo.Result result =
        new Demo(
                new Demo.Options(
                    example, work, Duration.ofSeconds(200), Set.of(bug), false, 2, false, false),
                new PrintStream(log, true, StandardCharsets.UTF_8))
            .run(done -> seen.addAll(lookInTheDashboard(done)));

    String printed = log.toString(StandardCharsets.UTF_8);
    assertThat(result.incidents()).as(printed).hasSize(1);
    Demo.Fix fix = result.incidents().get(0);
    assertThat(fix.status()).as(printed).isEqualTo("fixed");
    assertThat(fix.reproduced()).as(printed).isTrue();
    assertThat(fix.secondsFromFirstError()).isPositive();
    assertThat(printed).contains("→ " + fix.branch());
    // Healed from the release the server prepared when the project was registered, and its
    // stages came through the REST API.
    assertThat(fix.stageMillis().keySet())
        .as(printed)
        .startsWith("start")
        .contains("reproduce", "localize", "confirm", "deliver", "done");
    assertThat(fix.stageMillis().values()).allMatch(ms -> ms >= 0);
    assertThat(fix.steps()).anyMatch(s -> s.startsWith("test: starting from the prepared build"));
    assertThat(printed).contains("stages  #" + fix.incident() + " start");

    try (Git git = Git.open(result.repository().toFile())) {
      Repository repo = git.getRepository();
      assertThat(repo.getBranch()).isEqualTo("main");
      assertThat(git.status().call().isClean()).isTrue();
      ObjectId main = repo.resolve("refs/heads/main");
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(repo.resolve("refs/heads/" + fix.branch()));
        assertThat(commit.getParent(0).getId()).isEqualTo(main);
        RevCommit parent = walk.parseCommit(commit.getParent(0));
        List<String> changed = changedFiles(repo, parent, commit);
        assertThat(changed).anyMatch(f -> f.startsWith("src/main/java/"));
        assertThat(changed).anyMatch(f -> f.matches("src/test/java/.*KintsugiRepro.*Test\\.java"));
      }
    }
    JsonNode report = new ObjectMapper().readTree(fix.report().toFile());
    assertThat(report.get("status").asText()).isEqualTo("fixed");
    assertThat(report.at("/reproduction/confirmed").asBoolean()).isTrue();
    assertThat(Files.readString(work.resolve("service.log"))).contains("listening on");
    assertThat(printed).contains("dashboard", "/login?token=");
    assertThat(seen).as(printed).containsExactly("list", "incident", "approved");
  }

  /**
   * Signs in to the dashboard through the link the demo prints, in a real headless Chromium, and
   * looks at the healed incident: the agent's captured arguments, the reproduction test, the diff;
   * then approves the fix. Returns what it saw, in order.
   */
  private static List<String> lookInTheDashboard(Demo.Result result) throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    try (Browser browser = Browser.start(Path.of("target"))) {
      browser.open(result.dashboard());
      browser.awaitText("#incident-rows", "awaiting approval", 20);
      seen.add("list");
      browser.screenshot("incidents-after-heal");
      browser.find("#incident-rows a.title").click();
      browser.await("#incident-title", 20);
      assertThat(browser.findAll(".frame.in-app")).isNotEmpty();
      assertThat(browser.findAll(".frame.in-app .frame-vars tr"))
          .as("captured arguments")
          .isNotEmpty();
      assertThat(browser.find("#reproduction-test").getText()).contains("@Test");
      assertThat(browser.find("#fix-diff").getText()).contains("@@");
      assertThat(browser.find("#confidence").getText()).isNotBlank();
      seen.add("incident");
      browser.screenshotFullPage("incident");
      browser.find("#approve").click();
      assertThat(browser.acceptDialog(5)).contains("Approve");
      browser.awaitText("#action-result", "pprove", 30);
      browser.awaitText("#incident-status", "approved", 15);
      seen.add("approved");
      String base = result.dashboard().substring(0, result.dashboard().indexOf("/login"));
      browser.open(base + "/overview");
      browser.await("#overview", 20);
      browser.screenshotFullPage("overview");
      browser.open(base + "/projects/1");
      browser.await("#dsn", 20);
      browser.screenshotFullPage("project");
    }
    return seen;
  }

  private static String firstBug(Path example) throws Exception {
    for (JsonNode request :
        new ObjectMapper().readTree(example.resolve("demo-traffic.json").toFile())) {
      if (request.path("bug").isTextual()) {
        return request.get("bug").asText();
      }
    }
    throw new AssertionError("the example's traffic triggers no bug");
  }

  private static List<String> changedFiles(Repository repo, RevCommit parent, RevCommit commit)
      throws Exception {
    try (TreeWalk walk = new TreeWalk(repo)) {
      walk.addTree(parent.getTree());
      walk.addTree(commit.getTree());
      walk.setRecursive(true);
      walk.setFilter(org.eclipse.jgit.treewalk.filter.TreeFilter.ANY_DIFF);
      List<String> files = new java.util.ArrayList<>();
      while (walk.next()) {
        files.add(walk.getPathString());
      }
      return files;
    }
  }
}

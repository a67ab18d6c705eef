package dev.kintsugi.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code heal} goal as a CI job runs it: a real {@code mvn} (the one running this build) on a
 * copy of a project of our bug corpus made a git repository, the plugin and its dependencies as
 * this build made them. Builds and tests of the heal run in the sandbox, as by default.
 */
class HealGoalIT {

  /** The fastest bug of the corpus to heal (JUnit 4, a relational operator). */
  static final String BUG = "b04-rate-limiter-window";

  static final Path CORPUS = Path.of("..", "bench", "corpus").toAbsolutePath().normalize();

  @TempDir Path tmp;
  PluginBuild maven;

  @BeforeEach
  void settings() throws IOException {
    maven = PluginBuild.in(tmp);
  }

  @Test
  void healsACorpusBugOnAFixBranchAndLeavesTheCheckoutUntouched() throws Exception {
    Path repo = copyWithoutAnswerKey(CORPUS.resolve(BUG), tmp.resolve(BUG));
    Git git = Git.initWithCommit(repo);
    String checkout = git.checkoutState();

    PluginBuild.Result run = maven.heal(repo, "-Dkintsugi.noMemory=true", "-Dkintsugi.timeout=300");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("kintsugi: fixed on branch kintsugi/fix-", "BUILD SUCCESS");
    JsonNode report =
        new ObjectMapper().readTree(repo.resolve("target/kintsugi-report.json").toFile());
    assertThat(report.path("status").asText()).as(report.toPrettyString()).isEqualTo("fixed");
    String branch = report.path("branch").asText();
    assertThat(branch).startsWith("kintsugi/fix-");
    assertThat(git.run("branch", "--list", "kintsugi/fix-*")).contains(branch);
    assertThat(git.run("diff", "--name-only", "main", branch)).isEqualTo(buggyFile(BUG));
    assertThat(git.checkoutState()).isEqualTo(checkout);
  }

  /**
   * The model's client (LangChain4j, its HTTP client found through a service loader) runs in
   * Maven's plugin class realm: b33 (a wrong date pattern) is beyond the templates, the local model
   * answers with the reference fix.
   */
  @Test
  void healsWithAModelFromInsideMaven() throws Exception {
    String id = "b33-audit-log-date-pattern";
    Path repo = copyWithoutAnswerKey(CORPUS.resolve(id), tmp.resolve(id));
    Git git = Git.initWithCommit(repo);
    String key = "sk-it-" + System.nanoTime();

    PluginBuild.Result run;
    try (OpenAiServer model = OpenAiServer.replying(referenceFixAsSearchReplace(id))) {
      run =
          maven.heal(
              repo,
              Map.of("KINTSUGI_LLM_API_KEY", key),
              "-Dkintsugi.noMemory=true",
              "-Dkintsugi.timeout=300",
              "-Dkintsugi.llm=openai",
              "-Dkintsugi.llmBaseUrl=" + model.baseUrl(),
              "-Dkintsugi.llmModel=test-model");
      assertThat(model.requests).isNotEmpty();
      assertThat(model.authorizations).contains("Bearer " + key);
    }

    assertThat(run.exitCode()).as(run.output()).isZero();
    Path reportFile = repo.resolve("target/kintsugi-report.json");
    JsonNode report = new ObjectMapper().readTree(reportFile.toFile());
    assertThat(report.path("status").asText()).as(report.toPrettyString()).isEqualTo("fixed");
    assertThat(report.path("fix").path("repairer").asText()).isEqualTo("llm:openai/test-model");
    assertThat(git.run("diff", "--name-only", "main", report.path("branch").asText()))
        .isEqualTo(buggyFile(id));
    assertThat(run.output()).doesNotContain(key);
    assertThat(Files.readString(reportFile)).doesNotContain(key);
  }

  @Test
  void failsClearlyOutsideAGitRepository() throws Exception {
    Path project = copyWithoutAnswerKey(CORPUS.resolve(BUG), tmp.resolve("not-a-repo"));

    PluginBuild.Result run = maven.heal(project, "-Dkintsugi.noMemory=true");

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.output())
        .contains("BUILD FAILURE")
        .contains("kintsugi: " + project + " is not a git repository");
    assertThat(project.resolve("target/kintsugi-report.json")).doesNotExist();
  }

  /** The corpus's reference fix (one changed line) as the model's search/replace answer. */
  private static String referenceFixAsSearchReplace(String id) throws IOException {
    List<String> diff = Files.readAllLines(CORPUS.resolve(id).resolve("fix.diff"));
    String removed = only(diff, "-"), added = only(diff, "+");
    return "Root cause: the pattern is wrong.\n```java\n<<<<<<< SEARCH\n"
        + removed
        + "\n=======\n"
        + added
        + "\n>>>>>>> REPLACE\n```\n";
  }

  private static String only(List<String> diff, String sign) {
    List<String> lines =
        diff.stream()
            .filter(l -> l.startsWith(sign) && !l.startsWith(sign.repeat(3)))
            .map(l -> l.substring(1))
            .toList();
    assertThat(lines).hasSize(1);
    return lines.get(0);
  }

  private static String buggyFile(String id) throws IOException {
    Properties bug = new Properties();
    try (Reader in = Files.newBufferedReader(CORPUS.resolve(id).resolve("bug.properties"))) {
      bug.load(in);
    }
    return bug.getProperty("buggyFile");
  }

  private static Path copyWithoutAnswerKey(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        String name = from.relativize(p).toString();
        if (name.equals("bug.properties") || name.equals("fix.diff") || name.startsWith("target")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to.resolve(name));
        } else {
          Files.copy(p, to.resolve(name));
        }
      }
    }
    return to;
  }
}

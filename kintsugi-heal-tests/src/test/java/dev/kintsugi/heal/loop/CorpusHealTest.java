package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Heals projects of our own bug corpus ({@code bench/corpus}) end to end, as a user would: a git
 * repository with one commit, real Maven, real test JVMs. A sample across JUnit 4/5 and defect
 * shapes; {@code bench/corpus/run.sh} runs the whole corpus.
 */
class CorpusHealTest {

  static final Path CORPUS = Path.of("..", "bench", "corpus").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "b04-rate-limiter-window", // JUnit 4, relational operator, wrong value
        "b23-bearer-token-null", // JUnit 5, NullPointerException in main code
      })
  void healsACorpusBugOnTheBuggyFileAndLeavesTheCheckoutUntouched(String id) throws Exception {
    Path repo = copyWithoutAnswerKey(CORPUS.resolve(id), tmp.resolve(id));
    Git git = Git.initWithCommit(repo);
    String state = git.checkoutState();
    String files = SampleProject.treeDigest(repo);
    Properties bug = new Properties();
    try (Reader in = Files.newBufferedReader(CORPUS.resolve(id).resolve("bug.properties"))) {
      bug.load(in);
    }

    HealOutcome outcome =
        new HealLoop(Progress.silent(), Clock.systemUTC())
            .run(
                HealOptions.defaults(repo)
                    .withWorkDir(tmp.resolve("work"))
                    .withMemoryDir(tmp.resolve("memory"))
                    .withTimeout(Duration.ofMinutes(6)));

    HealReport report = outcome.report();
    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(outcome.exitCode()).isEqualTo(ExitCode.SUCCESS);
    assertThat(report.fix().files()).containsExactly(bug.getProperty("buggyFile"));
    assertThat(git.checkoutState()).isEqualTo(state);
    assertThat(SampleProject.treeDigest(repo)).isEqualTo(files);
    assertThat(git.run("branch", "--list", "kintsugi/fix-*")).contains(report.branch());
  }

  private static Path copyWithoutAnswerKey(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path rel = from.relativize(p);
        String name = rel.toString();
        if (name.equals("bug.properties") || name.equals("fix.diff") || name.startsWith("target")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to.resolve(rel));
        } else {
          Files.copy(p, to.resolve(rel));
        }
      }
    }
    return to;
  }
}

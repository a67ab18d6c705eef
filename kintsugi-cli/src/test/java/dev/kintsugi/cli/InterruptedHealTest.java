package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C / SIGTERM in the middle of a heal: the user's checkout stays as it was, no child process
 * survives, and the run's private files are gone.
 */
class InterruptedHealTest {

  static final String POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>t</groupId><artifactId>t</artifactId><version>1</version>
        <properties><maven.compiler.release>17</maven.compiler.release></properties>
        <dependencies><dependency><groupId>org.junit.jupiter</groupId>
          <artifactId>junit-jupiter</artifactId><version>5.14.1</version><scope>test</scope>
        </dependency></dependencies>
        <build><plugins>
          <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
          <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
        </plugins></build>
      </project>
      """;

  @TempDir Path tmp;

  @Test
  void killingAHealMidwayLeavesNothingBehind() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve("pom.xml"), POM);
    Path main = Files.createDirectories(repo.resolve("src/main/java/t"));
    Path test = Files.createDirectories(repo.resolve("src/test/java/t"));
    Files.writeString(
        main.resolve("Slow.java"),
        "package t; public class Slow { public static int one() { return 2; } }\n");
    Files.writeString(
        test.resolve("SlowTest.java"),
        """
        package t;
        class SlowTest {
          @org.junit.jupiter.api.Test void one() throws Exception {
            Thread.sleep(60_000);
            org.junit.jupiter.api.Assertions.assertEquals(1, Slow.one());
          }
        }
        """);
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=u", "-c", "user.email=u@e", "commit", "-q", "-m", "c");
    String status =
        git(repo, "status", "--porcelain", "--untracked-files=all")
            + git(repo, "rev-parse", "HEAD")
            + git(repo, "branch", "-a");
    Path privateTmp = Files.createDirectories(tmp.resolve("private-tmp"));

    Process heal =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + privateTmp,
                "-cp",
                System.getProperty("java.class.path"),
                KintsugiCommand.class.getName(),
                "heal",
                repo.toString())
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    CompletableFuture<Void> reader =
        CompletableFuture.runAsync(
            () -> {
              try (var lines =
                  new BufferedReader(
                      new InputStreamReader(heal.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
              } catch (IOException ignored) {
                // process gone
              }
            });
    // Wait until Maven runs the (sleeping) test inside the private copy, then interrupt.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && heal.isAlive() && !surefireRunning(heal)) {
      Thread.sleep(200);
    }
    assertThat(surefireRunning(heal)).as(String.join("\n", output)).isTrue();
    List<ProcessHandle> children = heal.toHandle().descendants().toList();
    assertThat(children).isNotEmpty();

    heal.destroy(); // SIGTERM: runs the shutdown hooks, like Ctrl-C
    assertThat(heal.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.get(10, TimeUnit.SECONDS);

    for (ProcessHandle child : children) {
      child.onExit().get(10, TimeUnit.SECONDS);
      assertThat(child.isAlive()).isFalse();
    }
    try (Stream<Path> left = Files.list(privateTmp)) {
      assertThat(left.filter(p -> p.getFileName().toString().startsWith("kintsugi"))).isEmpty();
    }
    assertThat(
            git(repo, "status", "--porcelain", "--untracked-files=all")
                + git(repo, "rev-parse", "HEAD")
                + git(repo, "branch", "-a"))
        .isEqualTo(status);
  }

  /** Maven has forked the project's test JVM (Surefire's booter) under the heal process. */
  private static boolean surefireRunning(Process heal) {
    return heal.toHandle()
        .descendants()
        .anyMatch(p -> p.info().commandLine().map(c -> c.contains("surefirebooter")).orElse(false));
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}

package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildLogTest {

  @Test
  void collectsDistinctCompilerErrorsWithTheirDetails(@TempDir Path dir) throws Exception {
    Path log =
        Files.writeString(
            dir.resolve("build.log"),
            """
            [INFO] Compiling 2 source files
            [ERROR] COMPILATION ERROR :
            [ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol
            [ERROR]   symbol:   variable x
            [ERROR]   location: class a.Foo
            [ERROR] /p/src/main/java/a/Bar.java:[3,1] class, interface, enum, or record expected
            [INFO] 2 errors
            [ERROR] Failed to execute goal ...: Compilation failure: Compilation failure:
            [ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol
            [ERROR]   symbol:   variable x
            [ERROR]   location: class a.Foo
            """);

    assertThat(BuildLog.compilerErrors(log))
        .containsExactly(
            "[ERROR] /p/src/main/java/a/Foo.java:[12,5] cannot find symbol\n"
                + "[ERROR]   symbol:   variable x\n"
                + "[ERROR]   location: class a.Foo",
            "[ERROR] /p/src/main/java/a/Bar.java:[3,1] class, interface, enum, or record expected");
  }

  @Test
  void findsNothingInACleanBuild(@TempDir Path dir) throws Exception {
    Path log = Files.writeString(dir.resolve("build.log"), "[INFO] BUILD SUCCESS\n");

    assertThat(BuildLog.compilerErrors(log)).isEmpty();
  }

  @Test
  void recognisesAnArtifactMissingOffline(@TempDir Path dir) throws Exception {
    Path offline =
        Files.writeString(
            dir.resolve("offline.log"),
            "[ERROR] Failed to execute goal on project p: Could not resolve dependencies for"
                + " project a:p:jar:1: Cannot access central (https://repo.maven.apache.org/maven2)"
                + " in offline mode and the artifact x:y:jar:1 has not been downloaded from it"
                + " before.\n");
    Path failedTests =
        Files.writeString(dir.resolve("tests.log"), "[ERROR] Tests run: 3, Failures: 1\n");

    assertThat(BuildLog.missingArtifact(offline)).isTrue();
    assertThat(BuildLog.missingArtifact(failedTests)).isFalse();
  }

  @Test
  void recognisesAMavenWrapperThatCannotFetchItsDistribution(@TempDir Path dir) throws Exception {
    // What jackson-modules-java8's mvnw printed in the sandbox (read-only ~/.m2, no network).
    Path wrapper =
        Files.writeString(
            dir.resolve("wrapper.log"),
            "Exception in thread \"main\" java.io.FileNotFoundException:"
                + " /root/.m2/wrapper/dists/apache-maven-3.6.3-bin/1io/apache-maven-3.6.3-bin.zip.part"
                + " (No such file or directory)\n"
                + "\tat org.apache.maven.wrapper.DefaultDownloader.downloadInternal"
                + "(DefaultDownloader.java:85)\n");

    assertThat(BuildLog.missingArtifact(wrapper)).isTrue();
  }
}

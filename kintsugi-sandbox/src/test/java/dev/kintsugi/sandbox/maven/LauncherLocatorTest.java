package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kintsugi.sandbox.BuildFailedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherLocatorTest {

  @TempDir Path repository;

  private Path jar(String artifactId, String version) throws Exception {
    Path jar =
        repository.resolve(
            "org/junit/platform/"
                + artifactId
                + "/"
                + version
                + "/"
                + artifactId
                + "-"
                + version
                + ".jar");
    Files.createDirectories(jar.getParent());
    return Files.writeString(jar, "");
  }

  @Test
  void usesALauncherAlreadyOnTheClasspath() throws Exception {
    Path launcher = jar("junit-platform-launcher", "1.14.1");

    assertThat(
            LauncherLocator.locate(
                List.of(jar("junit-platform-engine", "1.14.1"), launcher), version -> false))
        .isEqualTo(launcher);
  }

  @Test
  void findsTheLauncherNextToTheEngineInTheLocalRepository() throws Exception {
    Path launcher = jar("junit-platform-launcher", "1.13.4");

    assertThat(
            LauncherLocator.locate(
                List.of(jar("junit-platform-engine", "1.13.4")), version -> false))
        .isEqualTo(launcher);
  }

  @Test
  void fetchesAMissingLauncherOfTheEnginesVersion() throws Exception {
    List<String> fetched = new ArrayList<>();
    Path engine = jar("junit-platform-engine", "6.0.1");

    Path launcher =
        LauncherLocator.locate(
            List.of(jar("junit-platform-commons", "6.0.1"), engine),
            version -> {
              fetched.add(version);
              try {
                jar("junit-platform-launcher", version);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
              return true;
            });

    assertThat(fetched).containsExactly("6.0.1");
    assertThat(launcher).isRegularFile().hasFileName("junit-platform-launcher-6.0.1.jar");
  }

  @Test
  void failsClearlyWhenTheLauncherCannotBeFetched() throws Exception {
    List<Path> classpath = List.of(jar("junit-platform-engine", "1.9.9"));

    assertThatThrownBy(() -> LauncherLocator.locate(classpath, version -> false))
        .isInstanceOf(BuildFailedException.class)
        .hasMessageContaining("junit-platform-launcher:1.9.9");
  }
}

package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.sandbox.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SurefireConfigTest {

  @Test
  void resolvesPropertiesAndLateReplacementLikeMavenAndSurefire() {
    Map<String, String> properties = Map.of("xss", "4m", "argLine", "-Xss${xss}");

    assertThat(SurefireConfig.resolve("@{argLine} -Da=${xss}", properties))
        .isEqualTo("-Xss4m -Da=4m");
    // JaCoCo sets argLine only while the build runs: unknown here, so nothing.
    assertThat(SurefireConfig.resolve("@{jacocoArgs} -Db=1", Map.of())).isEqualTo(" -Db=1");
  }

  @Test
  void splitsAnArgLineAsAShellWould() {
    assertThat(SurefireConfig.arguments("  -Xss2m  -Dmsg=\"a b\" '-Dc=d e'\n-ea "))
        .containsExactly("-Xss2m", "-Dmsg=a b", "-Dc=d e", "-ea");
  }

  @Test
  void readsTheSurefireConfigurationOfThePom(@TempDir Path root) throws Exception {
    Files.writeString(
        root.resolve("pom.xml"),
        """
        <project>
          <properties><mode>strict</mode></properties>
          <build>
            <pluginManagement><plugins><plugin>
              <artifactId>maven-surefire-plugin</artifactId>
              <configuration>
                <argLine>-Dm=${mode}</argLine>
                <systemProperties><property><name>old</name><value>${mode}</value></property>
                </systemProperties>
                <systemPropertyVariables><new>x</new></systemPropertyVariables>
                <environmentVariables><E>1</E></environmentVariables>
                <workingDirectory>${basedir}/run</workingDirectory>
              </configuration>
            </plugin></plugins></pluginManagement>
          </build>
        </project>
        """);

    TestSettings settings = SurefireConfig.read(root, PomFile.read(root.resolve("pom.xml")));

    assertThat(settings.jvmArgs()).containsExactly("-Dm=strict");
    assertThat(settings.systemProperties())
        .containsExactlyInAnyOrderEntriesOf(Map.of("old", "strict", "new", "x"));
    assertThat(settings.environment()).containsExactlyEntriesOf(Map.of("E", "1"));
    assertThat(settings.workingDirectory()).contains(root.resolve("run"));
  }
}

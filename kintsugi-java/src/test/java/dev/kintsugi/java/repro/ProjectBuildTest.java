package dev.kintsugi.java.repro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.java.repro.ProjectBuild.TestFramework;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectBuildTest {

  @TempDir Path root;

  @Test
  void commentedOutAndManagedDependenciesDoNotCount() {
    FixtureProject project = FixtureProject.empty(root);
    project.write(
        "pom.xml",
        """
        <project>
          <dependencyManagement><dependencies><dependency>
            <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>
          </dependency></dependencies></dependencyManagement>
          <dependencies>
            <!-- <dependency><groupId>org.junit.jupiter</groupId>
                 <artifactId>junit-jupiter</artifactId></dependency> -->
            <dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency>
          </dependencies>
        </project>
        """);

    ProjectBuild build = ProjectBuild.detect(root, root.resolve("src/test/java"));

    assertThat(build).isEqualTo(new ProjectBuild(TestFramework.JUNIT4, false));
  }

  @Test
  void gradleBuildFile() {
    FixtureProject project = FixtureProject.empty(root);
    project.write(
        "build.gradle.kts",
        "dependencies {\n"
            + "  implementation(\"com.fasterxml.jackson.core:jackson-databind:2.17.0\")\n"
            + "  testImplementation(\"org.junit.jupiter:junit-jupiter:5.10.0\")\n}\n");

    assertThat(ProjectBuild.detect(root, root.resolve("src/test/java")))
        .isEqualTo(new ProjectBuild(TestFramework.JUNIT5, true));
  }

  @Test
  void springBootStartersBringJUnit5AndJackson() {
    FixtureProject project = FixtureProject.empty(root);
    project.write(
        "pom.xml",
        "<project><dependencies>"
            + "<dependency><groupId>org.springframework.boot</groupId>"
            + "<artifactId>spring-boot-starter-web</artifactId></dependency>"
            + "<dependency><groupId>org.springframework.boot</groupId>"
            + "<artifactId>spring-boot-starter-test</artifactId></dependency>"
            + "</dependencies></project>");

    assertThat(ProjectBuild.detect(root, root.resolve("src/test/java")))
        .isEqualTo(new ProjectBuild(TestFramework.JUNIT5, true));
  }

  @Test
  void existingTestsTellWhenTheBuildDoesNot() {
    FixtureProject project = FixtureProject.empty(root);
    project.write("pom.xml", "<project><parent><artifactId>corp</artifactId></parent></project>");
    project.write(
        "src/test/java/a/OldTest.java", "package a;\nimport org.junit.Test;\nclass OldTest {}\n");

    assertThat(ProjectBuild.detect(root, root.resolve("src/test/java")).framework())
        .isEqualTo(TestFramework.JUNIT4);
  }

  @Test
  void nothingToTellMeansJUnit5() {
    assertThat(ProjectBuild.detect(root, root.resolve("src/test/java")))
        .isEqualTo(new ProjectBuild(TestFramework.JUNIT5, false));
  }
}

package dev.kintsugi.sandbox.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReactorTest {

  @TempDir Path root;

  @Test
  void ordersModulesUpstreamFirstAndFollowsDependenciesTransitively() throws IOException {
    // Declared downstream first; "tools" is nested under an aggregator and inherits its groupId.
    pom(
        root,
        "<groupId>g</groupId><artifactId>top</artifactId><packaging>pom</packaging>"
            + "<modules><module>web</module><module>parts</module></modules>");
    pom(
        root.resolve("web"),
        parent("g", "top")
            + "<artifactId>web</artifactId>"
            + deps(
                "<dependency><groupId>${project.groupId}</groupId><artifactId>core</artifactId>"
                    + "</dependency><dependency><groupId>org.junit</groupId><artifactId>junit</artifactId>"
                    + "</dependency>"));
    pom(
        root.resolve("parts"),
        parent("g", "top")
            + "<artifactId>parts</artifactId>"
            + "<packaging>pom</packaging><modules><module>core</module><module>tools</module>"
            + "</modules>");
    pom(
        root.resolve("parts/core"),
        parent("g", "parts")
            + "<artifactId>core</artifactId>"
            + deps("<dependency><groupId>g</groupId><artifactId>tools</artifactId></dependency>"));
    pom(root.resolve("parts/tools"), parent("g", "parts") + "<artifactId>tools</artifactId>");

    Reactor reactor = Reactor.read(root);

    assertThat(reactor.modules())
        .extracting(Reactor.Module::key)
        .containsExactly("g:tools", "g:core", "g:web");
    Reactor.Module web = reactor.moduleAt(root.resolve("web")).orElseThrow();
    assertThat(web.dependsOn()).containsExactly("g:core"); // external ones left to Maven
    assertThat(web.selector(root)).isEqualTo("web");
    assertThat(reactor.withUpstream(web))
        .extracting(Reactor.Module::key)
        .containsExactly("g:tools", "g:core", "g:web");
    Reactor.Module tools = reactor.moduleAt(root.resolve("parts/tools")).orElseThrow();
    assertThat(reactor.withUpstream(tools)).containsExactly(tools);
    assertThat(Reactor.isReactor(root)).isTrue();
    assertThat(Reactor.isReactor(root.resolve("web"))).isFalse();
  }

  private static String parent(String group, String artifact) {
    return "<parent><groupId>"
        + group
        + "</groupId><artifactId>"
        + artifact
        + "</artifactId><version>1</version></parent>";
  }

  private static String deps(String dependencies) {
    return "<dependencies>" + dependencies + "</dependencies>";
  }

  private static void pom(Path dir, String body) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("pom.xml"),
        "<project><modelVersion>4.0.0</modelVersion>" + body + "</project>");
  }
}

package dev.kintsugi.sandbox.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds Maven command lines: the project's wrapper when it has one, else {@code mvn}. */
final class MavenCommand {

  /** Pinned so that projects which do not declare the plugin get a known version. */
  static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1";

  private MavenCommand() {}

  static List<String> of(Path root, String... args) {
    Path wrapper = root.resolve("mvnw");
    List<String> command = new ArrayList<>();
    command.add(Files.isExecutable(wrapper) ? wrapper.toString() : "mvn");
    command.add("-B");
    command.addAll(List.of(args));
    return command;
  }
}

package dev.kintsugi.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code mvn} running this plugin's {@code heal} goal in a project directory, as a CI job
 * would. Maven's local repository is the private one the invoker plugin filled with this build's
 * artifacts ({@code kintsugi.it.repo}); what else it needs it takes from the user's local
 * repository as a {@code file:} repository, and only then from Central, so the user's repository is
 * only read.
 */
final class PluginBuild {

  /** A finished run: exit status and everything Maven printed. */
  record Result(int exitCode, String output) {}

  private static final long TIMEOUT_MINUTES = 8;

  private final Path settings;

  private PluginBuild(Path settings) {
    this.settings = settings;
  }

  /** Writes the settings of the runs to {@code dir}. */
  static PluginBuild in(Path dir) throws IOException {
    Path userRepo = Path.of(property("kintsugi.it.userRepo")).toAbsolutePath();
    String repositories =
        """
          <repositories>
            <repository><id>user-repository</id><url>%1$s</url>%2$s</repository>
            <repository><id>central</id><url>https://repo.maven.apache.org/maven2</url>%2$s</repository>
          </repositories>
          <pluginRepositories>
            <pluginRepository><id>user-repository</id><url>%1$s</url>%2$s</pluginRepository>
            <pluginRepository><id>central</id><url>https://repo.maven.apache.org/maven2</url>%2$s</pluginRepository>
          </pluginRepositories>
        """
            .formatted(
                userRepo.toUri(),
                // A local repository keeps no checksums of what it downloaded.
                "<releases><checksumPolicy>ignore</checksumPolicy></releases>"
                    + "<snapshots><enabled>false</enabled></snapshots>");
    Path file = dir.resolve("it-settings.xml");
    Files.writeString(
        file,
        """
        <settings>
          <profiles><profile><id>it</id>
        %s  </profile></profiles>
          <activeProfiles><activeProfile>it</activeProfile></activeProfiles>
        </settings>
        """
            .formatted(repositories));
    return new PluginBuild(file);
  }

  /** {@code mvn -B <this plugin>:heal <properties>} in {@code project}. */
  Result heal(Path project, String... properties) throws IOException, InterruptedException {
    return heal(project, Map.of(), properties);
  }

  /** The same, with more environment variables for Maven. */
  Result heal(Path project, Map<String, String> env, String... properties)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(mvn());
    command.addAll(
        List.of(
            "-B",
            "-s",
            settings.toString(),
            "-Dmaven.repo.local=" + property("kintsugi.it.repo"),
            "dev.kintsugi:kintsugi-maven-plugin:" + property("kintsugi.it.version") + ":heal"));
    command.addAll(List.of(properties));
    Path log = Files.createTempFile(settings.getParent(), "mvn", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionError(
          "mvn did not end in " + TIMEOUT_MINUTES + " minutes:\n" + Files.readString(log));
    }
    return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  /** The Maven that runs this build, else {@code mvn} on the PATH. */
  private static String mvn() {
    String home = System.getProperty("kintsugi.it.mavenHome", "");
    Path bin = Path.of(home, "bin", "mvn");
    return !home.isBlank() && Files.isExecutable(bin) ? bin.toString() : "mvn";
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name + " is not set: run the integration tests with mvn verify (failsafe sets it)");
    }
    return value;
  }
}

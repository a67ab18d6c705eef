package dev.kintsugi.agent.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a fixture application in a child JVM with {@code -javaagent:<the packaged agent jar>}, as a
 * user would. The class path holds the test classes and the given libraries only: the agent's
 * classes come from the agent jar alone.
 */
public final class ChildJvm {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final List<String> jvmArgs = new ArrayList<>();
  private final List<Path> classPath = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private String agentOptions;
  private boolean withAgent = true;
  private Path workDir;

  private ChildJvm() {
    classPath.add(Paths.get(required("kintsugi.it.testClasses")));
  }

  public static ChildJvm create() {
    return new ChildJvm();
  }

  /** The shaded agent jar, as packaged by the build. */
  public static Path agentJar() {
    return Paths.get(required("kintsugi.it.agentJar"));
  }

  /** {@code -javaagent:jar=options}; null runs the agent without options. */
  public ChildJvm agent(String options) {
    this.agentOptions = options;
    return this;
  }

  /** Starts the JVM without {@code -javaagent} (the application may attach it itself). */
  public ChildJvm noAgent() {
    this.withAgent = false;
    return this;
  }

  public ChildJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  public ChildJvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ChildJvm workDir(Path dir) {
    this.workDir = dir;
    return this;
  }

  /** Adds the jars holding these classes (libraries of the test class path). */
  public ChildJvm withJarsOf(Class<?>... classes) {
    for (Class<?> c : classes) {
      try {
        classPath.add(Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return this;
  }

  public Result run(String mainClass, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    if (withAgent) {
      cmd.add(
          agentOptions == null
              ? "-javaagent:" + agentJar()
              : "-javaagent:" + agentJar() + "=" + agentOptions);
    }
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    StringBuilder cp = new StringBuilder();
    for (Path p : classPath) {
      cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(p);
    }
    cmd.add(cp.toString());
    cmd.add(mainClass);
    cmd.addAll(Arrays.asList(args));
    Path out = Files.createTempFile("child-out", ".txt");
    Path err = Files.createTempFile("child-err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("KINTSUGI_"));
    pb.environment().putAll(env);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    long start = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM did not exit within " + TIMEOUT + ": " + cmd);
    }
    Result r =
        new Result(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8),
            Duration.ofNanos(System.nanoTime() - start));
    Files.deleteIfExists(out);
    Files.deleteIfExists(err);
    return r;
  }

  private static String required(String property) {
    String v = System.getProperty(property);
    if (v == null) {
      throw new IllegalStateException(
          property + " is not set: run integration tests with mvn verify");
    }
    return v;
  }

  /** How the child ended. */
  public static final class Result {
    public final int exitCode;
    public final String stdout;
    public final String stderr;
    public final Duration took;

    Result(int exitCode, String stdout, String stderr, Duration took) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
      this.took = took;
    }

    /** The agent's own stderr lines. */
    public List<String> agentLines() {
      List<String> out = new ArrayList<>();
      for (String line : stderr.split("\n")) {
        if (line.startsWith("[kintsugi-agent]")) {
          out.add(line);
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return "exit "
          + exitCode
          + " after "
          + took
          + "\n--- stdout\n"
          + stdout
          + "--- stderr\n"
          + stderr;
    }
  }
}

package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestSettings;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The command line of a test worker JVM for a project. The JVM's own class path holds the worker
 * and the test framework, loaded once and shared by every candidate the worker serves; the
 * project's classes and libraries go into a file the worker reads, and are loaded per candidate.
 */
final class WorkerCommand {

  /**
   * One line per test method the build ran ({@code class#method}), or per class that runs whole
   * ({@code class}): the worker's {@code --test-class-list}.
   */
  static String testList(TestSettings settings) {
    Set<String> withMethods = new LinkedHashSet<>();
    settings.testMethods().forEach(m -> withMethods.add(m.substring(0, m.indexOf('#'))));
    List<String> lines = new ArrayList<>(settings.testMethods());
    settings.testClasses().stream().filter(c -> !withMethods.contains(c)).forEach(lines::add);
    return String.join("\n", lines) + "\n";
  }

  private static final String MAIN_CLASS = "dev.kintsugi.worker.WorkerMain";

  /**
   * Options for a worker JVM: class data sharing, C1 only (fast to warm, good enough for test
   * code), serial GC, death on the first OutOfMemoryError (after one nothing in the JVM can be
   * trusted), and the JVM's own messages on stderr, away from the protocol on stdout.
   */
  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xshare:auto",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:+DisplayVMOutputToStderr",
          "-Djava.awt.headless=true");

  /**
   * Jars of the test framework, shared across candidates: the JUnit Platform, Jupiter, the vintage
   * engine, JUnit 4 and the libraries their classes link to. They hold no project state; a
   * framework class that needs a project class finds it through the candidate's loader (the context
   * class loader, or the test class itself).
   */
  private static final Pattern FRAMEWORK_JAR =
      Pattern.compile(
          "(?:junit-platform-[a-z-]+|junit-jupiter(?:-[a-z]+)*|junit-vintage-engine|junit"
              + "|opentest4j|apiguardian-api|jspecify|hamcrest(?:-core|-library|-all)?)"
              + "-\\d[^/\\\\]*\\.jar");

  /** A garbage collector selection: two in one command line stop the JVM from starting. */
  private static final Pattern GC_CHOICE = Pattern.compile("-XX:\\+Use\\w+GC");

  private WorkerCommand() {}

  /**
   * The worker's command line; writes its argument file and project class path file into {@code
   * dir} with names starting with {@code name}.
   *
   * @param warmUp whether the worker runs an empty test before it reports READY, for a worker that
   *     will serve many candidates
   * @param warmContexts whether the worker keeps a warm session (Spring contexts built once,
   *     candidates swapped in by HotSwap): the worker jar becomes a Java agent too
   */
  static List<String> build(
      ProjectLayout layout,
      Path workerJar,
      Optional<String> javaAgent,
      boolean warmUp,
      boolean warmContexts,
      Path dir,
      String name) {
    Set<Path> shared = new LinkedHashSet<>();
    shared.add(workerJar);
    List<Path> project = new ArrayList<>();
    project.add(layout.testClasses());
    project.add(layout.mainClasses());
    for (Path entry : layout.classpath()) {
      (isFrameworkJar(entry) ? shared : project).add(entry);
    }
    layout.platformLauncherJar().ifPresent(shared::add);
    Path projectClasspath = dir.resolve(name + ".classpath");
    write(
        projectClasspath,
        project.stream().map(Path::toString).collect(Collectors.joining("\n", "", "\n")));
    List<String> args =
        new ArrayList<>(
            List.of(
                "-cp",
                shared.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                MAIN_CLASS,
                "--framework",
                layout.framework().name(),
                "--test-classes",
                layout.testClasses().toString(),
                "--project-classpath",
                projectClasspath.toString()));
    TestSettings settings = layout.testSettings();
    if (!settings.testClasses().isEmpty()) {
      // The classes and methods the build ran: its includes, excludes and tag filters decide, not
      // a naming guess.
      Path testClassList = dir.resolve(name + ".tests");
      write(testClassList, testList(settings));
      args.add("--test-class-list");
      args.add(testClassList.toString());
    }
    if (warmUp) {
      args.add("--warm-up");
    }
    if (warmContexts) {
      args.add("--warm-contexts");
    }
    // An argument file: a large project's class path can exceed the command-line limit.
    Path argFile = dir.resolve(name + ".args");
    write(argFile, args.stream().map(WorkerCommand::quote).collect(Collectors.joining("\n")));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions(settings.jvmArgs()));
    // Surefire sets basedir; tests use it to find their files.
    command.add("-Dbasedir=" + layout.baseDir());
    javaAgent.ifPresent(agent -> command.add("-javaagent:" + agent));
    if (warmContexts) {
      command.add("-javaagent:" + workerJar);
    }
    // The build's argLine and system properties last, so they win as they do under Surefire
    // (a -Xss for deep recursion, a -D the code reads).
    command.addAll(settings.jvmArgs());
    settings.systemProperties().forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("@" + argFile);
    return command;
  }

  /** Our JVM options, without our collector when the build's arguments choose one. */
  private static List<String> jvmOptions(List<String> buildArgs) {
    boolean collectorChosen = buildArgs.stream().anyMatch(arg -> GC_CHOICE.matcher(arg).matches());
    return JVM_OPTIONS.stream()
        .filter(option -> !(collectorChosen && GC_CHOICE.matcher(option).matches()))
        .toList();
  }

  /** Whether a class path entry belongs to the test framework shared by all candidates. */
  static boolean isFrameworkJar(Path entry) {
    Path name = entry.getFileName();
    return name != null && FRAMEWORK_JAR.matcher(name.toString()).matches();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Quotes an argument for a java launcher argument file. */
  private static String quote(String arg) {
    return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}

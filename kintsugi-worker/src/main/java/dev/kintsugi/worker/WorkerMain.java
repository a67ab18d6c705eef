package dev.kintsugi.worker;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Entry point of the test worker JVM. The JVM's class path holds the worker and the test framework
 * (JUnit Platform, Jupiter, vintage, JUnit 4 and their own dependencies), shared by all candidates;
 * the project's classes and libraries are loaded per candidate in a fresh class loader, so a worker
 * stays warm across many candidates while no project static state survives from one candidate to
 * the next. Usage: {@code WorkerMain --framework JUNIT_PLATFORM|JUNIT4 --test-classes DIR
 * [--project-classpath FILE] [--test-class-list FILE] [--warm-up] [--warm-contexts]}, where the
 * class path FILE lists the project's test classes, main classes and libraries, one path per line,
 * in class path order, the test class list FILE the binary names of the test classes the project's
 * own build ran (one per line; without it Surefire's default naming rule decides), and {@code
 * --warm-up} runs an empty test through the framework before READY, so that the first candidate
 * finds it loaded. {@code --warm-contexts} (with the worker jar as {@code -javaagent}) builds a
 * {@link WarmSession} before READY: the project loaded once, its Spring test contexts built, its
 * state captured.
 *
 * <p>Protocol (one request or response per line, tab-separated fields, tabs, line breaks and
 * backslashes escaped): requests arrive on stdin; responses go to the process's original stdout,
 * captured before {@code System.out} is pointed at stderr so that tests printing cannot corrupt
 * them.
 *
 * <ul>
 *   <li>at startup, once the test framework is loaded → {@code READY}
 *   <li>{@code CANDIDATE <classesDir or ->} → {@code OK}: opens a fresh class loader over the
 *       candidate's classes (shadowing the originals) and the project class path; DISCOVER and RUN
 *       use it until RELEASE. Without a CANDIDATE request they use the project as built.
 *   <li>{@code CANDIDATE <classesDir or -> warm} → {@code OK warm}: the candidate's classes swapped
 *       into the warm session (method bodies only); or {@code OK cold <why>}: it could not be, and
 *       the candidate got a fresh class loader as above. RELEASE puts the warm session back as it
 *       was captured.
 *   <li>{@code PRIME <coverageDir or ->} → {@code OK <execFile or -> <testClass>...}: builds the
 *       Spring test contexts in the current session before any test, recording their coverage.
 *   <li>{@code DISCOVER} → {@code TEST <class#method>}... then {@code END}
 *   <li>{@code RUN <perTestTimeoutMs> <failFast 0|1> <coverageDir or -> <id>...} → per test {@code
 *       RESULT <id> <PASSED|FAILED|ERROR|SKIPPED|TIMEOUT> <millis> <exceptionType> <message>
 *       <stackTrace> [<execFile>]}, then {@code END}. After a TIMEOUT result the worker exits with
 *       {@link #EXIT_TEST_TIMEOUT}; after a test ended with a virtual machine error (stack
 *       overflow, ...) it answers {@code RETIRE <reason>} instead of running on and exits with
 *       {@link #EXIT_RETIRED}. An id without {@code #method} runs the whole class.
 *   <li>{@code RELEASE} → {@code OK}, or {@code RETIRE <reason>} and exit {@link #EXIT_RETIRED}
 *       when the candidate left the worker unfit for reuse (a thread it started still runs): drops
 *       the candidate's class loader and restores system properties, default locale and time zone,
 *       standard streams.
 *   <li>{@code QUIT} → exits 0
 *   <li>{@code ERROR <message>} answers a request the worker could not serve.
 * </ul>
 *
 * <p>Stability: internal to Kintsugi; the sandbox and the worker change together.
 */
public final class WorkerMain {

  /** Exit code after a test overran its time limit (the test thread could not be stopped). */
  public static final int EXIT_TEST_TIMEOUT = 124;

  /** Exit code after the worker retired itself (announced by a {@code RETIRE} reply). */
  public static final int EXIT_RETIRED = 125;

  /** Exit code for a bad command line. */
  public static final int EXIT_USAGE = 2;

  private WorkerMain() {}

  public static void main(String[] args) throws Exception {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8));
    System.setOut(System.err);
    System.setIn(new ByteArrayInputStream(new byte[0]));

    String framework = option(args, "--framework");
    String testClasses = option(args, "--test-classes");
    String projectClasspath = option(args, "--project-classpath");
    String testClassList = option(args, "--test-class-list");
    if (framework == null
        || testClasses == null
        || !Files.isDirectory(Path.of(testClasses))
        || (projectClasspath != null && !Files.isRegularFile(Path.of(projectClasspath)))
        || (testClassList != null && !Files.isRegularFile(Path.of(testClassList)))
        || !(framework.equals(CandidateSession.PLATFORM)
            || framework.equals(CandidateSession.JUNIT4))) {
      System.err.println(
          "usage: WorkerMain --framework JUNIT_PLATFORM|JUNIT4 --test-classes DIR"
              + " [--project-classpath FILE] [--test-class-list FILE] [--warm-up]"
              + " [--warm-contexts] (got "
              + String.join(" ", args)
              + ")");
      System.exit(EXIT_USAGE);
    }
    List<Path> classpath =
        projectClasspath == null ? List.of() : readLines(projectClasspath).map(Path::of).toList();
    TestClassNames tests =
        TestClassNames.listed(
            Path.of(testClasses),
            testClassList == null ? List.of() : readLines(testClassList).toList());
    CandidateSession.Factory sessions =
        new CandidateSession.Factory(
            framework, tests, classpath, ClassLoader.getSystemClassLoader());
    if (hasFlag(args, "--warm-up")) {
      sessions.warmUp();
    }
    boolean warmContexts = hasFlag(args, "--warm-contexts");
    RequestLoop loop =
        new RequestLoop(
            sessions,
            in,
            out,
            warmContexts ? WorkerAgent.instrumentation() : java.util.Optional.empty());
    if (warmContexts) {
      loop.openWarmSession();
    }
    int exitCode = loop.serve();
    out.flush();
    // Halt rather than exit: shutdown hooks registered by tests must not keep the worker alive.
    Runtime.getRuntime().halt(exitCode);
  }

  private static Stream<String> readLines(String file) throws IOException {
    return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
        .filter(line -> !line.isBlank());
  }

  private static boolean hasFlag(String[] args, String name) {
    for (String arg : args) {
      if (arg.equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static String option(String[] args, String name) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return null;
  }
}

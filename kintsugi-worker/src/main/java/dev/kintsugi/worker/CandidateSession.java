package dev.kintsugi.worker;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * One candidate's view of the project inside a warm worker: a fresh class loader over the
 * candidate's classes, the test classes, main classes and project libraries, with the test
 * framework shared from the parent loader. Everything the project's code stores in static fields
 * lives in classes of this loader, so it is gone when the session ends; what the code changed in
 * the JVM itself (system properties, default locale and time zone, standard streams, JDBC drivers
 * registered with {@code DriverManager}) is put back.
 */
final class CandidateSession implements Session {

  static final String PLATFORM = "JUNIT_PLATFORM";
  static final String JUNIT4 = "JUNIT4";

  /** How long threads the tests left behind get to end once interrupted. */
  private static final long THREAD_GRACE_MILLIS = 250;

  /**
   * Idle threads (waiting, e.g. an unclosed thread pool) tolerated in a worker before it retires.
   */
  private static final int MAX_LINGERING_THREADS = 32;

  /** Share of the maximum heap in use after a candidate above which the worker retires. */
  private static final double MAX_HEAP_SHARE = 0.75;

  private final URLClassLoader loader;
  private final FrameworkAdapter adapter;
  private final TimedTest timedTest;
  private final JvmState jvmState;
  private final int baselineThreads;
  private final boolean jdbcDrivers;

  private CandidateSession(
      URLClassLoader loader, FrameworkAdapter adapter, int baselineThreads, boolean jdbcDrivers) {
    this.loader = loader;
    this.jdbcDrivers = jdbcDrivers;
    this.adapter = adapter;
    this.timedTest = new TimedTest(adapter, loader);
    this.jvmState = JvmState.capture();
    this.baselineThreads = baselineThreads;
  }

  /** Opens sessions for one project. */
  static final class Factory {
    private final String framework;
    private final TestClassNames testClasses;
    private final List<Path> projectClasspath;
    private final ClassLoader parent;
    private final int baselineThreads;

    @SuppressWarnings("unused") // held open on purpose, see openJars
    private final List<JarFile> openJars;

    /**
     * @param projectClasspath test classes, main classes and libraries, in class path order
     * @param parent the loader of the test framework (the worker's own)
     */
    Factory(String framework, Path testClasses, List<Path> projectClasspath, ClassLoader parent) {
      this(framework, TestClassNames.byNaming(testClasses), projectClasspath, parent);
    }

    /**
     * @param testClasses which classes are tests: the build's own list, or the naming rule
     */
    Factory(
        String framework,
        TestClassNames testClasses,
        List<Path> projectClasspath,
        ClassLoader parent) {
      this.framework = framework;
      this.testClasses = testClasses;
      this.projectClasspath = List.copyOf(projectClasspath);
      this.parent = parent;
      this.baselineThreads = Threads.live().size();
      this.openJars = openJars(projectClasspath);
    }

    /**
     * Keeps every library jar open for the worker's life: a candidate's class loader opening the
     * same jar then shares the already read zip directory instead of reading it again.
     */
    private static List<JarFile> openJars(List<Path> classpath) {
      List<JarFile> jars = new ArrayList<>();
      for (Path entry : classpath) {
        if (Files.isRegularFile(entry)) {
          try {
            jars.add(new JarFile(entry.toFile()));
          } catch (IOException e) {
            // Not a readable jar: the class loader reports it when it matters.
          }
        }
      }
      return jars;
    }

    /**
     * Runs an empty test through the framework in a throwaway session, so the framework's classes
     * are loaded before the first candidate; a failure here only costs that head start.
     */
    void warmUp() {
      try {
        CandidateSession session = open(Optional.empty());
        session.timedTest().run(WarmUpCase.class.getName(), "", 60_000);
        session.close();
      } catch (Exception | LinkageError e) {
        System.err.println("kintsugi-worker: warm-up failed (harmless): " + e);
      }
    }

    /** Which classes are the project's tests. */
    TestClassNames testClasses() {
      return testClasses;
    }

    /** A session whose loader puts {@code candidateClasses} in front of the project's classes. */
    CandidateSession open(Optional<Path> candidateClasses) throws IOException {
      List<URL> urls = new ArrayList<>();
      if (candidateClasses.isPresent()) {
        urls.add(url(candidateClasses.get()));
      }
      for (Path entry : projectClasspath) {
        urls.add(url(entry));
      }
      URLClassLoader loader =
          new URLClassLoader("kintsugi-candidate", urls.toArray(URL[]::new), parent);
      // The platform launcher finds engines, listeners and junit-platform.properties through the
      // context class loader: the project's own ones must be seen.
      Thread current = Thread.currentThread();
      ClassLoader previous = current.getContextClassLoader();
      current.setContextClassLoader(loader);
      try {
        FrameworkAdapter adapter =
            framework.equals(PLATFORM)
                ? new PlatformAdapter(testClasses, loader)
                : new JUnit4Adapter(testClasses, loader);
        boolean jdbc = JdbcDrivers.declared(loader);
        if (jdbc) {
          JdbcDrivers.register(loader);
        }
        return new CandidateSession(loader, adapter, baselineThreads, jdbc);
      } catch (RuntimeException | LinkageError e) {
        loader.close();
        throw e;
      } finally {
        current.setContextClassLoader(previous);
      }
    }

    private static URL url(Path path) throws MalformedURLException {
      return path.toAbsolutePath().toUri().toURL();
    }
  }

  @Override
  public ClassLoader loader() {
    return loader;
  }

  @Override
  public FrameworkAdapter adapter() {
    return adapter;
  }

  @Override
  public TimedTest timedTest() {
    return timedTest;
  }

  /**
   * Ends the session: stops the threads its tests left behind where they let themselves be stopped,
   * restores the JVM-wide state and closes the loader.
   *
   * @return why this worker must not serve another candidate, or empty when it may
   */
  @Override
  public Optional<String> close() throws InterruptedException {
    Optional<String> running = Threads.stop(Threads.withContextLoader(loader), THREAD_GRACE_MILLIS);
    jvmState.restore();
    if (jdbcDrivers) {
      JdbcDrivers.deregister(loader);
    }
    try {
      loader.close();
    } catch (IOException e) {
      System.err.println("kintsugi-worker: cannot close the candidate class loader: " + e);
    }
    if (running.isPresent()) {
      return running;
    }
    int lingering = Threads.live().size() - baselineThreads;
    if (lingering > MAX_LINGERING_THREADS) {
      return Optional.of(lingering + " threads started by tests are still alive");
    }
    Runtime runtime = Runtime.getRuntime();
    long used = runtime.totalMemory() - runtime.freeMemory();
    if (used > MAX_HEAP_SHARE * runtime.maxMemory()) {
      return Optional.of("heap " + used / (1 << 20) + " MB used after the candidate");
    }
    return Optional.empty();
  }
}

package dev.kintsugi.worker;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassDefinition;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The project's classes in one class loader kept across candidates, so fixtures that take seconds
 * to build (Spring's cached test contexts) are built once per worker instead of once per candidate
 * (UniAPR's idea: swap the patch into a warm JVM and reset the state around it).
 *
 * <p>Lifecycle: {@link #open} loads the project, builds the Spring context of every Spring test
 * class (as Spring's listener would before the class's first test), and captures the project's
 * state ({@link ProjectState}). A candidate whose change is confined to method bodies is swapped in
 * with {@link Instrumentation#redefineClasses} (all classes at once, or none); a change of a
 * class's shape (fields, methods, signatures, a new class) is refused, and the caller runs that
 * candidate in a fresh class loader instead. When the candidate ends ({@link Lease#close}): threads
 * its tests started are stopped, the original class bytes are swapped back, Spring contexts created
 * during the candidate (under the candidate's code) are closed and evicted, JVM-wide settings and
 * the project's tracked state are put back; a cached context the tests closed
 * ({@code @DirtiesContext}) or whose database they changed is built again with the original code
 * and the state captured anew. What cannot be put back makes the session <em>spent</em>: a class
 * first initialized during the candidate that holds static state, a field that cannot be reset. A
 * spent session is closed and the next candidate gets a new one, whose priming also initializes the
 * classes that spent the last one, so the same class does not spend it again.
 */
final class WarmSession {

  private final CandidateSession base;
  private final Instrumentation instrumentation;
  private final Optional<SpringContexts> spring;
  private final Set<String> testClasses;
  private Set<Object> contextKeys;
  private Set<Thread> threadsAtCapture;
  private ProjectState state;

  /** Per cached context, the digest of its databases at capture (empty: cannot be read). */
  private Map<Object, Optional<String>> databases;

  private final List<String> primed;
  private final long primeMillis;
  private final Set<String> initializeNextTime = new LinkedHashSet<>();

  /** How long threads a candidate's tests left behind get to end once interrupted. */
  private static final long THREAD_GRACE_MILLIS = 250;

  private Optional<String> spent = Optional.empty();
  private boolean leased;

  private WarmSession(
      CandidateSession base,
      Instrumentation instrumentation,
      Optional<SpringContexts> spring,
      List<String> testClasses,
      List<String> primed,
      long start)
      throws ProjectState.UntrackableException, ReflectiveOperationException {
    this.base = base;
    this.instrumentation = instrumentation;
    this.spring = spring;
    this.testClasses = new LinkedHashSet<>(testClasses);
    this.primed = primed;
    capture();
    this.primeMillis = (System.nanoTime() - start) / 1_000_000;
  }

  /**
   * Captures the state the session puts back after every candidate: the cached contexts, their
   * databases, the project's tracked state, the threads alive.
   */
  private void capture() throws ProjectState.UntrackableException, ReflectiveOperationException {
    ClassLoader loader = base.loader();
    Map<Object, Object> contexts = spring.map(SpringContexts::contexts).orElse(Map.of());
    List<Object> roots = new ArrayList<>();
    Map<Object, Optional<String>> digests = new IdentityHashMap<>();
    for (Map.Entry<Object, Object> context : contexts.entrySet()) {
      List<Object> singletons = spring.get().singletons(context.getValue());
      roots.addAll(singletons);
      digests.put(context.getKey(), Databases.digest(Databases.of(singletons)));
    }
    state =
        ProjectState.capture(
            ProjectClasses.loadedIn(instrumentation, loader),
            roots,
            c -> ProjectClasses.isProjectClass(c, loader));
    contextKeys = identitySet(contexts.keySet());
    databases = digests;
    threadsAtCapture = identitySet(Threads.withContextLoader(loader));
  }

  /** The session cannot be made: the project's state cannot be tracked. */
  static final class NotWarmException extends Exception {
    NotWarmException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Loads the project, builds its Spring test contexts and captures its state.
   *
   * @param initialize classes to initialize before the capture (they spent an earlier session)
   */
  static WarmSession open(
      CandidateSession.Factory factory, Instrumentation instrumentation, Set<String> initialize)
      throws IOException, NotWarmException {
    long start = System.nanoTime();
    CandidateSession base = factory.open(Optional.empty());
    ClassLoader loader = base.loader();
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(loader);
    try {
      List<String> testClasses = factory.testClasses().names();
      List<String> primed = ContextPriming.prime(loader, testClasses);
      for (String name : initialize) {
        try {
          Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
          // It fails in the tests the same way.
        }
      }
      return new WarmSession(
          base, instrumentation, SpringContexts.of(loader), testClasses, primed, start);
    } catch (ProjectState.UntrackableException
        | ReflectiveOperationException
        | RuntimeException e) {
      closeQuietly(base);
      throw new NotWarmException("the project's state cannot be tracked: " + e.getMessage(), e);
    } finally {
      current.setContextClassLoader(previous);
    }
  }

  /** The test classes whose Spring context this session built. */
  List<String> primed() {
    return primed;
  }

  /** How long loading, priming and capturing took. */
  long primeMillis() {
    return primeMillis;
  }

  /** Objects whose state the session tracks. */
  int trackedObjects() {
    return state.objects();
  }

  /** Why this session may not serve another candidate, once a candidate left it so. */
  Optional<String> spent() {
    return spent;
  }

  /**
   * Swaps the candidate's classes in.
   *
   * @return the candidate's lease, or why it cannot run warm (the session is unchanged then)
   */
  Lease begin(Optional<Path> candidateClasses) throws IOException, NotWarmException {
    if (leased || spent.isPresent()) {
      throw new IllegalStateException("the warm session is in use or spent");
    }
    List<ClassDefinition> swapped = new ArrayList<>();
    List<ClassDefinition> originals = new ArrayList<>();
    if (candidateClasses.isPresent()) {
      collect(candidateClasses.get(), swapped, originals);
      try {
        instrumentation.redefineClasses(swapped.toArray(ClassDefinition[]::new));
      } catch (UnsupportedOperationException
          | ClassNotFoundException
          | UnmodifiableClassException
          | LinkageError e) {
        throw new NotWarmException("the change is more than method bodies: " + e, e);
      }
    }
    leased = true;
    return new Lease(originals, JvmState.capture());
  }

  /** Pairs each changed class file of the candidate with its loaded class and original bytes. */
  private void collect(Path dir, List<ClassDefinition> swapped, List<ClassDefinition> originals)
      throws IOException, NotWarmException {
    ClassLoader loader = base.loader();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(f -> f.getFileName().toString().endsWith(".class")).toList();
    }
    for (Path file : files) {
      String resource =
          dir.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
      String name = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
      byte[] original;
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new NotWarmException("the candidate adds the class " + name, null);
        }
        original = in.readAllBytes();
      }
      byte[] changed = Files.readAllBytes(file);
      if (Arrays.equals(original, changed)) {
        continue;
      }
      Class<?> type;
      try {
        type = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        throw new NotWarmException("cannot load " + name + ": " + e, e);
      }
      if (!ProjectClasses.isProjectClass(type, loader)) {
        throw new NotWarmException(name + " is not one of the project's classes", null);
      }
      swapped.add(new ClassDefinition(type, changed));
      originals.add(new ClassDefinition(type, original));
    }
  }

  /** One candidate in the warm session. */
  final class Lease implements Session {
    private final List<ClassDefinition> originals;
    private final JvmState jvmState;

    private Lease(List<ClassDefinition> originals, JvmState jvmState) {
      this.originals = originals;
      this.jvmState = jvmState;
    }

    @Override
    public FrameworkAdapter adapter() {
      return base.adapter();
    }

    @Override
    public TimedTest timedTest() {
      return base.timedTest();
    }

    @Override
    public ClassLoader loader() {
      return base.loader();
    }

    /**
     * Stops the candidate's threads, swaps the original classes back, evicts contexts it created
     * and puts the tracked state back; the session is spent when something could not be.
     */
    @Override
    public Optional<String> close() throws InterruptedException {
      leased = false;
      ClassLoader loader = base.loader();
      List<Thread> started = new ArrayList<>(Threads.withContextLoader(loader));
      started.removeIf(threadsAtCapture::contains);
      Optional<String> unfit = Threads.stop(started, THREAD_GRACE_MILLIS);
      if (!originals.isEmpty()) {
        try {
          instrumentation.redefineClasses(originals.toArray(ClassDefinition[]::new));
        } catch (ClassNotFoundException
            | UnmodifiableClassException
            | RuntimeException
            | LinkageError e) {
          // The original code cannot be trusted to be back: nothing more may run in this JVM.
          return Optional.of("cannot swap the original classes back: " + e);
        }
      }
      List<String> problems = new ArrayList<>();
      if (spring.isPresent()) {
        Map<Object, Object> now = spring.get().contexts();
        for (Object key : now.keySet()) {
          if (!contextKeys.contains(key)) {
            evict(key, problems);
          }
        }
        // A context the tests closed (@DirtiesContext) is gone; one whose database they changed
        // (rows committed outside the test transaction) is closed here. Both are built again
        // below, under the original code, as Surefire builds them again for the next class.
        contextKeys.retainAll(identitySet(now.keySet()));
        for (Object key : List.copyOf(contextKeys)) {
          Optional<String> before = databases.get(key);
          if (before == null) {
            continue;
          }
          Optional<String> after;
          try {
            after = Databases.digest(Databases.of(spring.get().singletons(now.get(key))));
          } catch (ReflectiveOperationException | RuntimeException e) {
            after = Optional.empty();
          }
          if (before.isEmpty() || !before.equals(after)) {
            evict(key, problems);
            contextKeys.remove(key);
          }
        }
      }
      jvmState.restore();
      problems.addAll(state.restore());
      for (Class<?> type : ProjectClasses.loadedIn(instrumentation, loader)) {
        if (!state.capturedStaticsOf(type) && state.holdsState(type)) {
          problems.add("class " + type.getName() + " was first initialized by this candidate");
          initializeNextTime.add(type.getName());
        }
      }
      if (problems.isEmpty() && contextKeys.size() < databases.size()) {
        reprime(problems);
      }
      if (!problems.isEmpty()) {
        spent = Optional.of(problems.get(0));
      }
      return unfit;
    }
  }

  /** Classes that spent this session: the next one initializes them before its capture. */
  Set<String> initializeNextTime() {
    return initializeNextTime;
  }

  /** Removes a context from Spring's cache and closes it. */
  private void evict(Object key, List<String> problems) {
    try {
      spring.get().evict(key);
    } catch (ReflectiveOperationException | RuntimeException e) {
      problems.add("cannot evict a Spring context: " + e);
    }
  }

  /**
   * Builds the contexts that were closed again, with the original code, and captures the state
   * anew: the session stays warm for the candidates after this one.
   */
  private void reprime(List<String> problems) {
    try {
      ContextPriming.prime(base.loader(), List.copyOf(testClasses));
      capture();
    } catch (ProjectState.UntrackableException
        | ReflectiveOperationException
        | RuntimeException e) {
      problems.add("cannot capture the state again after rebuilding a context: " + e);
    }
  }

  /** Closes the cached contexts (their servers, pools, threads) and the class loader. */
  Optional<String> close() throws InterruptedException {
    spring.ifPresent(s -> s.contexts().values().forEach(s::close));
    return base.close();
  }

  private static void closeQuietly(CandidateSession session) {
    try {
      session.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static <T> Set<T> identitySet(java.util.Collection<T> items) {
    Set<T> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(items);
    return set;
  }
}

package dev.kintsugi.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads requests line by line and answers each on the protocol stream. */
final class RequestLoop {

  private final CandidateSession.Factory sessions;
  private final BufferedReader in;
  private final Writer out;
  private Session session;
  private final ExitWatch exitWatch;

  /** HotSwap, when this worker keeps a warm session ({@code --warm-contexts} and the agent). */
  private final Optional<Instrumentation> hotSwap;

  private WarmSession warm;

  /** Why no warm session can be made for this project, once that is known. */
  private String warmImpossible;

  /** How the last spent session was replaced, until the next warm reply reports it. */
  private String renewal;

  /** Why the current warm session is spent, once it is. */
  private String spentBecause;

  /** Classes that spent earlier warm sessions, initialized before the next one's capture. */
  private final Set<String> initialize = new LinkedHashSet<>();

  /** The coverage of the RUN request in progress, for a test that exits. */
  private volatile CoverageRecorder runCoverage;

  private volatile String runCoverageDir;

  RequestLoop(CandidateSession.Factory sessions, BufferedReader in, Writer out) {
    this(sessions, in, out, Optional.empty());
  }

  RequestLoop(
      CandidateSession.Factory sessions,
      BufferedReader in,
      Writer out,
      Optional<Instrumentation> hotSwap) {
    this.sessions = sessions;
    this.in = in;
    this.out = out;
    this.hotSwap = hotSwap;
    this.exitWatch = ExitWatch.install(this::testExited);
  }

  /**
   * Builds the warm session now (before READY), so the first warm candidate finds its contexts
   * built; a project whose state cannot be tracked only loses the warm path.
   */
  void openWarmSession() throws IOException, InterruptedException {
    warmSession();
  }

  /** On the shutdown hook: the running test called System.exit. Reports it, then retires. */
  private void testExited(ExitWatch.Running test, Outcome outcome) {
    try {
      CoverageRecorder coverage = runCoverage;
      String execFile =
          coverage == null ? null : coverage.dump(Path.of(runCoverageDir, test.index() + ".exec"));
      sendResult(test.id(), outcome, (System.nanoTime() - test.startNanos()) / 1_000_000, execFile);
      send("RETIRE", "System.exit called in " + test.id());
    } catch (IOException | RuntimeException e) {
      // The parent then reports the worker's exit against this test.
    }
  }

  /** Serves until QUIT or until the parent closes stdin; returns the exit code. */
  int serve() throws IOException, InterruptedException {
    send("READY");
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      List<String> request = Wire.fields(line);
      switch (request.get(0)) {
        case "CANDIDATE" -> candidate(request);
        case "PRIME" -> prime(request);
        case "DISCOVER" -> discover();
        case "RUN" -> run(request);
        case "RELEASE" -> release();
        case "QUIT" -> {
          return 0;
        }
        case "" -> {}
        default -> send("ERROR", "unknown request: " + request.get(0));
      }
    }
    return 0;
  }

  /**
   * {@code CANDIDATE <classesDir or -> [warm]}: the candidate in the warm session when asked and
   * possible ({@code OK warm <note>}, the note saying when the session had to be renewed first),
   * otherwise in a fresh class loader ({@code OK}, or {@code OK cold <why>} when warm was asked).
   */
  private void candidate(List<String> request) throws IOException, InterruptedException {
    if (request.size() < 2) {
      send("ERROR", "malformed CANDIDATE request");
      return;
    }
    endSession();
    Optional<Path> classes =
        request.get(1).equals("-") ? Optional.empty() : Optional.of(Path.of(request.get(1)));
    boolean warmAsked = request.size() > 2 && request.get(2).equals("warm");
    String cold = null;
    if (warmAsked) {
      WarmSession current = warmSession();
      if (current == null) {
        cold = warmImpossible;
      } else {
        try {
          session = current.begin(classes);
          send("OK", "warm", renewal == null ? "" : renewal);
          renewal = null;
          return;
        } catch (WarmSession.NotWarmException e) {
          cold = e.getMessage();
        } catch (IOException | RuntimeException e) {
          cold = "cannot swap the candidate in: " + e;
        }
      }
    }
    try {
      session = sessions.open(classes);
    } catch (IOException | RuntimeException | LinkageError e) {
      send("ERROR", "cannot load the candidate: " + traceOf(e));
      return;
    }
    if (cold == null) {
      send("OK");
    } else {
      send("OK", "cold", cold);
    }
  }

  /**
   * The warm session, opened (again) when there is none or the last one is spent; null when the
   * project cannot have one (the reason is in {@link #warmImpossible}).
   */
  private WarmSession warmSession() throws IOException, InterruptedException {
    if (hotSwap.isEmpty() || warmImpossible != null) {
      if (warmImpossible == null) {
        warmImpossible = "this worker cannot swap classes (no warm contexts)";
      }
      return null;
    }
    if (warm != null && warm.spent().isPresent()) {
      closeWarm();
    }
    if (warm == null) {
      try {
        warm = WarmSession.open(sessions, hotSwap.get(), initialize);
        if (spentBecause != null) {
          renewal = "warm session renewed in " + warm.primeMillis() + " ms: " + spentBecause;
          spentBecause = null;
        }
        System.err.println(
            "kintsugi-worker: warm session ready in "
                + warm.primeMillis()
                + " ms: "
                + warm.primed().size()
                + " Spring test classes, "
                + warm.trackedObjects()
                + " tracked objects");
      } catch (WarmSession.NotWarmException e) {
        warmImpossible = e.getMessage();
        return null;
      }
    }
    return warm;
  }

  /** Closes a spent warm session; the next warm candidate opens a new one. */
  private void closeWarm() throws IOException, InterruptedException {
    WarmSession spent = warm;
    warm = null;
    spentBecause = spent.spent().orElse("");
    System.err.println("kintsugi-worker: warm session spent: " + spentBecause);
    initialize.addAll(spent.initializeNextTime());
    Optional<String> unfit = spent.close();
    if (unfit.isPresent()) {
      retire(unfit.get());
    }
  }

  /**
   * {@code PRIME <coverageDir or ->} → {@code OK <execFile or -> <testClass>... [!<testClass>...]}:
   * builds the Spring test contexts of the project's test classes in the current session, before
   * any test runs, and reports the lines that ran while they were built (the code a warm session
   * must not swap); a class marked {@code !} is one whose context could not be built.
   */
  private void prime(List<String> request) throws IOException {
    if (request.size() < 2) {
      send("ERROR", "malformed PRIME request");
      return;
    }
    List<String> reply = new ArrayList<>(List.of("OK"));
    try {
      CoverageRecorder coverage = request.get(1).equals("-") ? null : CoverageRecorder.connect();
      Session current = session();
      if (coverage != null) {
        coverage.reset();
      }
      List<String> failed = new ArrayList<>();
      List<String> primed =
          ContextPriming.prime(current.loader(), sessions.testClasses().names(), failed);
      reply.add(coverage == null ? "-" : coverage.dump(Path.of(request.get(1), "prime.exec")));
      reply.addAll(primed);
      failed.forEach(name -> reply.add("!" + name));
    } catch (ReflectiveOperationException | LinkageError e) {
      send("ERROR", "coverage requested but the JaCoCo agent is not available: " + e);
      return;
    } catch (IOException | RuntimeException e) {
      send("ERROR", "cannot prime the test contexts: " + traceOf(e));
      return;
    }
    send(reply.toArray(String[]::new));
  }

  private void release() throws IOException, InterruptedException {
    endSession();
    send("OK");
  }

  /** Closes the current session; a worker the candidate left unfit retires here. */
  private void endSession() throws IOException, InterruptedException {
    if (session == null) {
      return;
    }
    Optional<String> unfit = session.close();
    session = null;
    if (unfit.isPresent()) {
      retire(unfit.get());
    }
    if (warm != null && warm.spent().isPresent()) {
      closeWarm(); // frees its contexts now; the next warm candidate builds a new one
    }
  }

  private Session session() throws IOException {
    if (session == null) {
      session = sessions.open(Optional.empty());
    }
    return session;
  }

  private void discover() throws IOException {
    List<String> ids;
    try {
      ids = session().adapter().discover();
    } catch (Exception | LinkageError e) {
      send("ERROR", "test discovery failed: " + traceOf(e));
      return;
    }
    for (String id : ids) {
      send("TEST", id);
    }
    send("END");
  }

  /** {@code RUN <timeoutMs> <failFast 0|1> <coverageDir or -> <id>...}. */
  private void run(List<String> request) throws IOException, InterruptedException {
    long timeoutMillis;
    boolean failFast;
    CoverageRecorder coverage = null;
    TimedTest timedTest;
    try {
      timeoutMillis = Long.parseLong(request.get(1));
      failFast = request.get(2).equals("1");
      if (!request.get(3).equals("-")) {
        coverage = CoverageRecorder.connect();
      }
      timedTest = session().timedTest();
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      send("ERROR", "malformed RUN request: " + e.getMessage());
      return;
    } catch (ReflectiveOperationException | LinkageError e) {
      send("ERROR", "coverage requested but the JaCoCo agent is not available: " + e);
      return;
    } catch (IOException | RuntimeException e) {
      send("ERROR", "cannot load the project: " + traceOf(e));
      return;
    }
    List<String> ids = request.subList(4, request.size());
    runCoverage = coverage;
    runCoverageDir = request.get(3);
    for (int n = 0; n < ids.size(); n++) {
      String id = ids.get(n);
      long start = System.nanoTime();
      if (coverage != null) {
        coverage.reset();
      }
      // "Class#method", or a bare class name for a class-level failure: run the whole class.
      int hash = id.indexOf('#');
      exitWatch.starts(new ExitWatch.Running(id, start, n));
      Outcome outcome =
          hash < 0
              ? timedTest.run(id, "", timeoutMillis)
              : timedTest.run(id.substring(0, hash), id.substring(hash + 1), timeoutMillis);
      exitWatch.ends();
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (outcome.status().equals(Outcome.TIMEOUT)) {
        sendResult(id, outcome, millis, null);
        // The test thread may spin forever; only ending the JVM stops it.
        Runtime.getRuntime().halt(WorkerMain.EXIT_TEST_TIMEOUT);
      }
      String execFile =
          coverage == null ? null : coverage.dump(Path.of(request.get(3), n + ".exec"));
      sendResult(id, outcome, millis, execFile);
      if (outcome.isVirtualMachineError()) {
        // The framework's own classes may be left half-initialized: do not run anything more.
        retire(outcome.exceptionType() + " in " + id);
      }
      if (failFast && outcome.isFailure()) {
        break;
      }
    }
    send("END");
  }

  /** Announces that this worker ends, and ends it. */
  private void retire(String reason) throws IOException {
    send("RETIRE", reason);
    Runtime.getRuntime().halt(WorkerMain.EXIT_RETIRED);
  }

  private void sendResult(String id, Outcome outcome, long millis, String execFile)
      throws IOException {
    String[] fields = {
      "RESULT",
      id,
      outcome.status(),
      Long.toString(millis),
      outcome.exceptionType(),
      outcome.message(),
      outcome.stackTrace()
    };
    if (execFile != null) {
      fields = Arrays.copyOf(fields, fields.length + 1);
      fields[fields.length - 1] = execFile;
    }
    send(fields);
  }

  private synchronized void send(String... fields) throws IOException {
    out.write(Wire.line(fields));
    out.write('\n');
    out.flush();
  }

  private static String traceOf(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return trace.toString();
  }
}

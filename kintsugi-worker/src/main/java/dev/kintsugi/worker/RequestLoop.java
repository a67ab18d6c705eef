package dev.kintsugi.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads requests line by line and answers each on the protocol stream. */
final class RequestLoop {

  private final CandidateSession.Factory sessions;
  private final BufferedReader in;
  private final Writer out;
  private CandidateSession session;
  private final ExitWatch exitWatch;

  /** The coverage of the RUN request in progress, for a test that exits. */
  private volatile CoverageRecorder runCoverage;

  private volatile String runCoverageDir;

  RequestLoop(CandidateSession.Factory sessions, BufferedReader in, Writer out) {
    this.sessions = sessions;
    this.in = in;
    this.out = out;
    this.exitWatch = ExitWatch.install(this::testExited);
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

  /** {@code CANDIDATE <classesDir or ->}: a fresh class loader for the next requests. */
  private void candidate(List<String> request) throws IOException, InterruptedException {
    if (request.size() < 2) {
      send("ERROR", "malformed CANDIDATE request");
      return;
    }
    endSession();
    Optional<Path> classes =
        request.get(1).equals("-") ? Optional.empty() : Optional.of(Path.of(request.get(1)));
    try {
      session = sessions.open(classes);
    } catch (IOException | RuntimeException | LinkageError e) {
      send("ERROR", "cannot load the candidate: " + traceOf(e));
      return;
    }
    send("OK");
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
  }

  private CandidateSession session() throws IOException {
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

package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.confine.Confined;
import dev.kintsugi.sandbox.confine.Sandbox;
import dev.kintsugi.sandbox.process.ProcessTree;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running test worker JVM ({@code dev.kintsugi.worker.WorkerMain}): sends requests, reads
 * replies with time limits, keeps the last lines the worker and its tests printed, and kills the
 * JVM with everything it started when closed. A warm worker serves many candidates; its owner (a
 * {@link WorkerSource}) decides when it is closed.
 */
final class WorkerProcess implements AutoCloseable {

  /** {@code WorkerMain.EXIT_TEST_TIMEOUT}: the worker ended itself after a test overran. */
  static final int EXIT_TEST_TIMEOUT = 124;

  private static final Set<String> REPLIES =
      Set.of("READY", "OK", "TEST", "RESULT", "END", "ERROR", "RETIRE");
  private static final List<String> END_OF_STREAM = List.of();
  private static final int STDERR_TAIL_LINES = 40;
  private static final int MAX_LINE_CHARS = 2_000;

  private final Process process;
  private final Confined confined;
  private final Writer requests;
  private final BlockingQueue<List<String>> replies = new LinkedBlockingQueue<>();
  private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
  private final Thread stderrDrain;
  private int candidatesServed;

  private WorkerProcess(Process process, Confined confined) {
    this.process = process;
    this.confined = confined;
    this.requests =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(this::readReplies, "kintsugi-worker-replies-" + process.pid());
    reader.setDaemon(true);
    reader.start();
    stderrDrain = new Thread(this::drainStderr, "kintsugi-worker-stderr-" + process.pid());
    stderrDrain.setDaemon(true);
    stderrDrain.start();
  }

  /**
   * Starts the worker; its stderr (and everything tests print) is drained and only the last lines
   * are kept, so a long-lived worker fills no disk.
   */
  static WorkerProcess start(Sandbox sandbox, List<String> command, Path workDir) {
    return start(sandbox, command, workDir, Map.of());
  }

  /** Starts a worker with {@code env} set on top of the variables the sandbox keeps. */
  static WorkerProcess start(
      Sandbox sandbox, List<String> command, Path workDir, Map<String, String> env) {
    Confined confined = sandbox.confine(command, workDir, env, false);
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      return new WorkerProcess(confined.start(builder), confined);
    } catch (IOException | RuntimeException e) {
      confined.close();
      throw new UncheckedIOException(
          "cannot start the test worker: " + command.get(0),
          e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** A reply, or that none came in time, or that the worker's output ended (it exited). */
  record Reply(Kind kind, List<String> fields) {
    enum Kind {
      MESSAGE,
      NO_REPLY,
      EXITED
    }

    String type() {
      return fields.isEmpty() ? "" : fields.get(0);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Counts one more candidate served; returns the new count. Called by the owning pool. */
  int countCandidate() {
    return ++candidatesServed;
  }

  void send(List<String> fields) {
    try {
      requests.write(Wire.line(fields.toArray(String[]::new)));
      requests.write('\n');
      requests.flush();
    } catch (IOException e) {
      // The worker is gone; the next read reports it as exited.
    }
  }

  Reply next(Duration timeout) throws InterruptedException {
    List<String> fields =
        timeout.isNegative() || timeout.isZero()
            ? replies.poll()
            : replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (fields == null) {
      return new Reply(Reply.Kind.NO_REPLY, List.of());
    }
    if (fields == END_OF_STREAM) {
      replies.add(END_OF_STREAM); // stays at end of stream for later reads
      return new Reply(Reply.Kind.EXITED, List.of());
    }
    return new Reply(Reply.Kind.MESSAGE, fields);
  }

  /** Waits for the worker's READY; fails with its stderr when it does not start. */
  void awaitReady(Duration timeout) throws InterruptedException {
    Reply reply = next(timeout);
    if (reply.kind() != Reply.Kind.MESSAGE || !reply.type().equals("READY")) {
      String why =
          reply.kind() == Reply.Kind.NO_REPLY
              ? "did not start within " + timeout.toSeconds() + " s"
              : "exited at startup (exit code " + exitCode() + ")";
      close();
      throw new IllegalStateException("the test worker " + why + ":\n" + stderrTail());
    }
  }

  /** The exit code once the worker has exited, waiting briefly; -1 if it is still running. */
  int exitCode() throws InterruptedException {
    return process.waitFor(2, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  /** The last lines the worker (or a test) wrote to stderr or stdout. */
  String stderrTail() {
    if (!process.isAlive()) {
      try {
        // The drain thread may still be reading what the worker wrote last.
        stderrDrain.join(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  /** Asks the worker to quit, then kills it and its children whatever state it is in. */
  @Override
  public void close() {
    if (process.isAlive()) {
      send(List.of("QUIT"));
      try {
        process.waitFor(500, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    kill();
  }

  /** Kills the worker and its children at once, without asking it to quit. */
  void kill() {
    ProcessTree.kill(process.toHandle());
    confined.close();
  }

  private void readReplies() {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        List<String> fields = Wire.fields(line);
        // Lines that are not replies were written to fd 1 behind the worker's back (a child
        // process, native code): skip them.
        if (REPLIES.contains(fields.get(0))) {
          replies.add(fields);
        }
      }
    } catch (IOException e) {
      // Treated as the end of the stream.
    } finally {
      replies.add(END_OF_STREAM);
    }
  }

  /** Keeps the last lines of stderr, each cut at a maximum length. */
  private void drainStderr() {
    try (Reader reader = new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)) {
      char[] buffer = new char[8192];
      StringBuilder line = new StringBuilder();
      for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
        for (int i = 0; i < n; i++) {
          char c = buffer[i];
          if (c == '\n') {
            addStderrLine(line);
          } else if (line.length() < MAX_LINE_CHARS && c != '\r') {
            line.append(c);
          }
        }
      }
      if (line.length() > 0) {
        addStderrLine(line);
      }
    } catch (IOException e) {
      // The worker is gone.
    }
  }

  private void addStderrLine(StringBuilder line) {
    synchronized (stderrTail) {
      if (stderrTail.size() == STDERR_TAIL_LINES) {
        stderrTail.removeFirst();
      }
      stderrTail.addLast(line.toString());
    }
    line.setLength(0);
  }
}

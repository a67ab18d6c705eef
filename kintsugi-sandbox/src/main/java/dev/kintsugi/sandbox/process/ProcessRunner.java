package dev.kintsugi.sandbox.process;

import dev.kintsugi.sandbox.confine.Confined;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command with a time limit. Combined stdout and stderr go to a log file and the
 * last lines are kept for messages. On timeout or interruption the whole process tree is killed.
 * Commands run in the runner's {@link Sandbox}; when it is confined no command outlives its run,
 * even one that left its process tree. Stability: public API of the sandbox.
 */
public final class ProcessRunner {

  /** How many trailing output lines a {@link ProcessResult} keeps. */
  public static final int TAIL_LINES = 200;

  private static final long DRAIN_WAIT_MILLIS = 2_000;

  private final Sandbox sandbox;

  /** Runs commands unconfined: for trusted commands only. */
  public ProcessRunner() {
    this(Sandbox.unconfined());
  }

  /** Runs every command in {@code sandbox}. */
  public ProcessRunner(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  /**
   * Runs {@code command} in {@code workDir} and waits for it, at most {@code timeout}.
   *
   * @param env variables added to (or overriding) this process's environment
   * @param logFile receives the combined output; created or truncated
   * @throws UncheckedIOException when the command cannot be started or the log written
   * @throws CancellationException when the calling thread is interrupted (the process tree is
   *     killed first and the interrupt flag stays set)
   */
  public ProcessResult run(
      List<String> command, Path workDir, Map<String, String> env, Duration timeout, Path logFile) {
    return run(command, workDir, env, timeout, logFile, false);
  }

  /**
   * Like {@link #run(List, Path, Map, Duration, Path)}; {@code resolveStep} runs it as Maven's
   * resolve step, with the network and a writable local repository if the sandbox allows that.
   */
  public ProcessResult run(
      List<String> command,
      Path workDir,
      Map<String, String> env,
      Duration timeout,
      Path logFile,
      boolean resolveStep) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (!Files.isDirectory(workDir)) {
      throw new IllegalArgumentException("working directory does not exist: " + workDir);
    }
    try (Confined confined = sandbox.confine(command, workDir, env, resolveStep)) {
      Duration limit =
          sandbox.confined() && timeout.compareTo(sandbox.policy().limits().wallTime()) > 0
              ? sandbox.policy().limits().wallTime()
              : timeout;
      return run(confined, command, workDir, limit, logFile);
    }
  }

  private ProcessResult run(
      Confined confined, List<String> command, Path workDir, Duration timeout, Path logFile) {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process;
    Writer log;
    try {
      log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
      process = confined.start(builder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    }
    OutputTail tail = new OutputTail(TAIL_LINES);
    Thread pump = pump(process, log, tail);
    try {
      process.getOutputStream().close();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        ProcessTree.kill(process.toHandle());
        confined.killAll();
      }
      // A background child may keep the pipe open after the command exits: do not wait forever.
      pump.join(DRAIN_WAIT_MILLIS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      return new ProcessResult(
          finished ? process.exitValue() : -1, !finished, tail.toString(), millis);
    } catch (InterruptedException e) {
      ProcessTree.kill(process.toHandle());
      confined.killAll();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while running " + command.get(0));
    } catch (IOException e) {
      ProcessTree.kill(process.toHandle());
      throw new UncheckedIOException(e);
    }
  }

  private static Thread pump(Process process, Writer log, OutputTail tail) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader reader =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  Writer out = log) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                  out.write(line);
                  out.write('\n');
                  out.flush(); // readable as soon as run() returns, even if a child holds the pipe
                  tail.add(line);
                }
              } catch (IOException e) {
                tail.add("[kintsugi] output lost: " + e.getMessage());
              }
            },
            "kintsugi-process-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }
}

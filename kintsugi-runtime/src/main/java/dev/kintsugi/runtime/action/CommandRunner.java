package dev.kintsugi.runtime.action;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one program directly (never through a shell), with a timeout, its stdout and stderr captured
 * together and capped. Shared by the {@code command} and {@code systemd} actions and the process
 * providers of chaos experiments.
 */
public final class CommandRunner {

  /** Captured output beyond this is read and dropped, so a chatty program never blocks. */
  static final int OUTPUT_CAP = 64 * 1024;

  /**
   * What the program did.
   *
   * @param exitCode its exit code; -1 when it timed out (and was killed) or could not start
   * @param output its captured output (at most {@link #OUTPUT_CAP} bytes, untrusted)
   * @param problem why it did not run to its end (timed out, not startable); empty if it did
   */
  public record Result(int exitCode, String output, Optional<String> problem) {
    public boolean succeeded() {
      return problem.isEmpty() && exitCode == 0;
    }
  }

  private CommandRunner() {}

  /**
   * Runs {@code executable} with {@code args}.
   *
   * @param env the child's whole environment
   */
  public static Result run(
      Path executable,
      List<String> args,
      Optional<Path> workingDir,
      Map<String, String> env,
      Duration timeout)
      throws InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(executable.toString());
    argv.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    workingDir.ifPresent(dir -> builder.directory(dir.toFile()));
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      return new Result(
          -1, "", Optional.of("could not start " + executable + ": " + e.getMessage()));
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> drain(process.getInputStream(), output), "command-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        reader.join(1000);
        return new Result(-1, text(output), Optional.of("timed out after " + timeout));
      }
      reader.join(5000);
      return new Result(process.exitValue(), text(output), Optional.empty());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static void drain(InputStream in, ByteArrayOutputStream out) {
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        synchronized (out) {
          int keep = Math.min(n, OUTPUT_CAP - out.size());
          if (keep > 0) {
            out.write(buffer, 0, keep);
          }
        }
      }
    } catch (IOException e) {
      // the process went away; what was read is kept
    }
  }

  private static String text(ByteArrayOutputStream out) {
    synchronized (out) {
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}

package dev.kintsugi.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A fixture application running in a child JVM with the agent, watched through the file it writes:
 * its main class takes {@code (seen, stop)}, appends a line to {@code seen} each time what it sees
 * changes and ends once {@code stop} exists.
 */
public final class WatchedApp implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  private final Path seen;
  private final Path stop;
  private final Future<ChildJvm.Result> run;

  /** Starts {@code mainClass} with the agent's {@code options}, its files in {@code dir}. */
  public WatchedApp(ExecutorService pool, Path dir, String options, String mainClass) {
    this.seen = dir.resolve("seen.txt");
    this.stop = dir.resolve("stop");
    this.run =
        pool.submit(
            () ->
                ChildJvm.create().agent(options).run(mainClass, seen.toString(), stop.toString()));
  }

  /** Waits until what the application sees last is {@code expected}. */
  public void awaitSeen(String expected) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = last();
      if (last.equals(expected)) {
        return;
      }
      if (run.isDone()) {
        throw new AssertionError("the application ended: " + run.get());
      }
      Thread.sleep(50);
    }
    throw new AssertionError("never saw\n  " + expected + "\nlast saw\n  " + last);
  }

  /** What the application saw last; empty before it saw anything. */
  public String last() throws IOException {
    List<String> lines = seen();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
  }

  /** Everything the application saw, in order. */
  public List<String> seen() throws IOException {
    return Files.exists(seen) ? Files.readAllLines(seen, StandardCharsets.UTF_8) : List.of();
  }

  /** Stops the application and waits for it to end. */
  public ChildJvm.Result stop() throws Exception {
    Files.createFile(stop);
    return run.get(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (!Files.exists(stop)) {
      Files.createFile(stop);
    }
  }
}

package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The executor's warm workers and its scratch directory: one {@link WorkerPool} per project, whose
 * workers start from a worker jar extracted into the scratch directory, which also holds the
 * candidates' class files. {@link #close} kills every worker and deletes the directory.
 */
final class WorkerPools implements AutoCloseable {

  private final Path tempParent;
  private final int workers;
  private final WorkerLauncher launcher;
  private final Map<ProjectLayout, WorkerPool> pools = new HashMap<>();
  private Scratch scratch;
  private Path workerJar;
  private int workerFiles;
  private boolean closed;

  WorkerPools(Path tempParent, int workers, WorkerLauncher launcher) {
    this.tempParent = tempParent;
    this.workers = workers;
    this.launcher = launcher;
  }

  /** Starts the project's workers in the background, up to the most it may have. */
  void warmUp(ProjectLayout layout) {
    pool(layout).warmUp(workers);
  }

  synchronized WorkerPool pool(ProjectLayout layout) {
    requireOpen();
    return pools.computeIfAbsent(
        layout,
        key ->
            new WorkerPool(
                () -> {
                  Path jar;
                  Path dir;
                  String name;
                  synchronized (this) {
                    requireOpen();
                    jar = workerJar();
                    dir = scratch().dir();
                    name = "worker-" + ++workerFiles;
                  }
                  return launcher.start(
                      key,
                      jar,
                      Optional.empty(),
                      true,
                      WarmEligibility.warmContexts(key),
                      dir,
                      name);
                },
                workers));
  }

  /** A new directory {@code name} in the scratch directory. */
  Path newDirectory(String name) {
    return scratch().newDirectory(name);
  }

  synchronized void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the test executor is closed");
    }
  }

  private synchronized Scratch scratch() {
    requireOpen();
    if (scratch == null) {
      scratch = Scratch.create(tempParent);
    }
    return scratch;
  }

  private synchronized Path workerJar() {
    if (workerJar == null || !Files.isRegularFile(workerJar)) {
      workerJar = BundledJars.extract(BundledJars.WORKER, scratch().dir());
    }
    return workerJar;
  }

  /** Kills the workers and deletes the scratch directory; later calls fail. Idempotent. */
  @Override
  public void close() {
    List<WorkerPool> open;
    Scratch dir;
    synchronized (this) {
      closed = true;
      open = List.copyOf(pools.values());
      pools.clear();
      dir = scratch;
      scratch = null;
    }
    open.forEach(WorkerPool::close);
    if (dir != null) {
      dir.close();
    }
  }
}

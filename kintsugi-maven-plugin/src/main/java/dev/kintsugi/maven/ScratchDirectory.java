package dev.kintsugi.maven;

import dev.kintsugi.heal.FileTrees;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A heal's private scratch directory, deleted when the goal ends; also when Maven is stopped
 * (Ctrl-C, a CI job cancelled), after the builds and test JVMs the heal started are killed.
 */
final class ScratchDirectory implements AutoCloseable {

  private final Path dir;
  private final Thread onShutdown;

  private ScratchDirectory(Path dir) {
    this.dir = dir;
    this.onShutdown = new Thread(this::abandon, "kintsugi-cleanup");
  }

  /** Takes charge of {@code dir} until {@link #close()} or the JVM's exit. */
  static ScratchDirectory own(Path dir) {
    ScratchDirectory scratch = new ScratchDirectory(dir);
    Runtime.getRuntime().addShutdownHook(scratch.onShutdown);
    return scratch;
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(onShutdown);
    } catch (IllegalStateException shuttingDown) {
      return; // the hook runs (or ran) instead
    }
    delete();
  }

  /** At JVM exit, nothing of the heal may outlive Maven: its child processes go first. */
  private void abandon() {
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    delete();
  }

  private void delete() {
    try {
      FileTrees.delete(dir);
    } catch (IOException ignored) {
      // best effort: the heal wrote only below java.io.tmpdir, which the OS cleans
    }
  }
}

package dev.kintsugi.sandbox.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a process together with everything it started, so that a build or test run never leaves
 * anything running. Stability: public API of the sandbox.
 */
public final class ProcessTree {

  private static final long EXIT_WAIT_MILLIS = 5_000;

  private ProcessTree() {}

  /**
   * Forcibly destroys {@code root} and all its descendants and waits briefly for them to exit.
   * Descendants are listed while the root is still alive: once it dies its children are re-parented
   * and can no longer be found.
   */
  public static void kill(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(0, root);
    // Stop the root first so it cannot start new children, then the snapshot of descendants.
    all.forEach(ProcessHandle::destroyForcibly);
    // Children started between the snapshot and the root's death would be missed: look again.
    root.descendants()
        .forEach(
            handle -> {
              handle.destroyForcibly();
              all.add(handle);
            });
    CompletableFuture<?>[] exits =
        all.stream().map(ProcessHandle::onExit).toArray(CompletableFuture<?>[]::new);
    try {
      CompletableFuture.allOf(exits).get(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // SIGKILL was sent; a process that has not been reaped yet is no longer running code.
    }
  }
}

package dev.kintsugi.sandbox.testrun;

import dev.kintsugi.sandbox.ProjectLayout;
import dev.kintsugi.sandbox.TestSettings;
import dev.kintsugi.sandbox.confine.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts a project's test worker JVM in the sandbox, with the working directory and environment
 * variables Surefire's fork gets from the build, and waits until it is ready.
 */
final class WorkerLauncher {

  private static final Duration STARTUP = Duration.ofSeconds(60);

  /** A warm worker builds the project's Spring test contexts before it is ready. */
  private static final Duration WARM_STARTUP = Duration.ofMinutes(5);

  private final Sandbox sandbox;

  WorkerLauncher(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  /** A ready worker, started with the command line {@link WorkerCommand#build} makes. */
  WorkerProcess start(
      ProjectLayout layout,
      Path jar,
      Optional<String> agent,
      boolean warmUp,
      boolean warmContexts,
      Path dir,
      String name)
      throws InterruptedException {
    TestSettings settings = layout.testSettings();
    Path workDir = settings.workingDirectory().orElse(layout.baseDir());
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the tests' working directory " + workDir, e);
    }
    WorkerProcess worker =
        WorkerProcess.start(
            sandbox,
            WorkerCommand.build(layout, jar, agent, warmUp, warmContexts, dir, name),
            workDir,
            settings.environment());
    worker.awaitReady(warmContexts ? WARM_STARTUP : STARTUP);
    return worker;
  }
}

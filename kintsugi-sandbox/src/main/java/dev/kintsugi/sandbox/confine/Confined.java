package dev.kintsugi.sandbox.confine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A command made ready to run confined: {@link #start} it, and {@link #close()} it once the process
 * is done or killed, which kills anything it left running and removes its control group. Stability:
 * public API of the sandbox.
 */
public final class Confined implements AutoCloseable {

  /**
   * Starts every confined process. bwrap's {@code --die-with-parent} kills the sandbox when the
   * <em>thread</em> that started it ends (PR_SET_PDEATHSIG follows the thread), so processes are
   * started from this one thread, which lives as long as the JVM.
   */
  private static final ExecutorService SPAWNER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kintsugi-sandbox-spawner");
            t.setDaemon(true);
            return t;
          });

  private final List<String> command;
  private final Map<String, String> environment;
  private final Optional<Cgroups.Group> group;

  Confined(List<String> command, Map<String, String> environment, Optional<Cgroups.Group> group) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.group = group;
  }

  /**
   * Starts the command: {@code builder}'s directory and redirections are kept, its command is
   * replaced by {@link #command()} and {@link #environment()} is added.
   */
  public Process start(ProcessBuilder builder) throws IOException {
    builder.command(command).environment().putAll(environment);
    Future<Process> started = SPAWNER.submit(builder::start);
    try {
      return started.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException(e.getCause());
    } catch (InterruptedException e) {
      // The start cannot be abandoned halfway: wait for it, then kill what it started.
      try {
        started.get().destroyForcibly();
      } catch (ExecutionException | InterruptedException ignored) {
        // nothing started
      }
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + command.get(0));
    }
  }

  /** The command line to start (bubblewrap and its arguments, then the original command). */
  public List<String> command() {
    return command;
  }

  /** Variables to add to the environment of the process started. */
  public Map<String, String> environment() {
    return environment;
  }

  /** Kills every process of the command, also those that escaped its process tree. */
  public void killAll() {
    group.ifPresent(Cgroups.Group::killAll);
  }

  /** Kills what is left and releases the control group. Idempotent. */
  @Override
  public void close() {
    group.ifPresent(Cgroups.Group::close);
  }
}

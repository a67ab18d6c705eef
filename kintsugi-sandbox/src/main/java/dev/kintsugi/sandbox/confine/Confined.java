package dev.kintsugi.sandbox.confine;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A command made ready to run confined: start {@link #command()} with {@link #environment()} added
 * to the child's environment, and {@link #close()} it once the process is done or killed, which
 * kills anything it left running and removes its control group. Stability: public API of the
 * sandbox.
 */
public final class Confined implements AutoCloseable {

  private final List<String> command;
  private final Map<String, String> environment;
  private final Optional<Cgroups.Group> group;

  Confined(List<String> command, Map<String, String> environment, Optional<Cgroups.Group> group) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.group = group;
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

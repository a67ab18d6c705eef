package dev.kintsugi.sandbox.confine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the builds and tests of one heal run: in bubblewrap with a read-only system, write access
 * only to the policy's writable directories and a private {@code /tmp}, no network (but for Maven's
 * resolve step when the policy allows it), the home directory and data hidden, and memory, process
 * and CPU limits through a control group per command. Or, when the operator opted out, unconfined
 * with a warning. Safe to use from several threads. Stability: public API of the sandbox.
 */
public final class Sandbox {

  private final SandboxPolicy policy;
  private final Optional<Path> bwrap;
  private final Optional<Cgroups> cgroups;
  private final List<String> warnings;

  private Sandbox(
      SandboxPolicy policy,
      Optional<Path> bwrap,
      Optional<Cgroups> cgroups,
      List<String> warnings) {
    this.policy = policy;
    this.bwrap = bwrap;
    this.cgroups = cgroups;
    this.warnings = List.copyOf(warnings);
  }

  /** Whether bubblewrap works here, and if not, why and how to install it. */
  public record Detection(boolean available, String message) {}

  /** Checks the bwrap on PATH (or {@code -Dkintsugi.bwrap=PATH}) with a trivial confined run. */
  public static Detection detect() {
    Path bwrap = Bubblewrap.locate();
    return Bubblewrap.problem(bwrap)
        .map(why -> new Detection(false, why + "; " + Bubblewrap.INSTALL_HINT))
        .orElseGet(() -> new Detection(true, "bubblewrap at " + bwrap));
  }

  /**
   * A sandbox for {@code policy}.
   *
   * @throws SandboxUnavailableException when the policy is confined and bubblewrap is missing or
   *     cannot create sandboxes here
   */
  public static Sandbox open(SandboxPolicy policy) {
    if (policy.mode() == SandboxPolicy.Mode.UNCONFINED) {
      return new Sandbox(
          policy,
          Optional.empty(),
          Optional.empty(),
          List.of(
              "builds and tests ran UNCONFINED (the sandbox was turned off explicitly): the"
                  + " project's code could read, write and reach anything this user can"));
    }
    Path bwrap = Bubblewrap.locate();
    Optional<String> problem = Bubblewrap.problem(bwrap);
    if (problem.isPresent()) {
      throw new SandboxUnavailableException(
          problem.get()
              + ". Builds and tests of a heal run confined by bubblewrap; "
              + Bubblewrap.INSTALL_HINT
              + ", or opt out of the sandbox explicitly");
    }
    Cgroups.Result found = Cgroups.detect();
    List<String> warnings = new ArrayList<>();
    if (found.cgroups().isEmpty()) {
      warnings.add(
          "sandbox without resource limits: "
              + found.problem()
              + "; builds and tests had time limits only (no memory, process-count or CPU"
              + " limit)");
    }
    return new Sandbox(policy, Optional.of(bwrap), found.cgroups(), warnings);
  }

  /** Runs commands as plain child processes (tools and tests that run trusted code). */
  public static Sandbox unconfined() {
    return new Sandbox(
        SandboxPolicy.defaults().unconfined(), Optional.empty(), Optional.empty(), List.of());
  }

  public SandboxPolicy policy() {
    return policy;
  }

  /** Whether commands run in bubblewrap. */
  public boolean confined() {
    return bwrap.isPresent();
  }

  /** Whether Maven may run offline first: only in the sandbox, where the network is cut anyway. */
  public boolean offline() {
    return confined();
  }

  /** Whether a resolve step may fetch missing artifacts from Maven's repositories. */
  public boolean allowsResolve() {
    return !confined() || policy.resolveNetwork() == SandboxPolicy.Network.MAVEN_REPOSITORY;
  }

  /** What a heal report should say about how confined its commands were; empty when fully. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * Prepares {@code command} to run in {@code workDir}.
   *
   * @param env variables the command needs on top of the host's kept ones
   * @param resolveStep Maven's resolve step: shares the host's network and may write the local
   *     repository (only when {@link #allowsResolve()})
   * @throws IllegalStateException when the command's control group cannot be set up
   */
  public Confined confine(
      List<String> command, Path workDir, Map<String, String> env, boolean resolveStep) {
    if (command.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    if (bwrap.isEmpty()) {
      return new Confined(command, env, Optional.empty());
    }
    if (resolveStep && !allowsResolve()) {
      throw new IllegalStateException("the sandbox policy allows no network for resolving");
    }
    List<String> wrapped =
        Bubblewrap.wrap(bwrap.get(), policy, command, workDir, System.getenv(), env, resolveStep);
    if (cgroups.isEmpty()) {
      return new Confined(wrapped, Map.of(), Optional.empty());
    }
    Cgroups.Group group = cgroups.get().create();
    try {
      group.limit(policy.limits());
    } catch (IOException e) {
      group.close();
      throw new IllegalStateException("cannot set the sandbox limits: " + e.getMessage(), e);
    }
    return new Confined(join(group.procsFiles(), wrapped), Map.of(), Optional.of(group));
  }

  /**
   * {@code sh} moves itself into the group, then becomes bwrap: everything bwrap starts is inside
   * from its first instruction (moving a started process from Java would race with its forks).
   */
  private static List<String> join(List<Path> procsFiles, List<String> command) {
    List<String> all = new ArrayList<>();
    all.add("/bin/sh");
    all.add("-c");
    all.add(
        "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo $$ > \"$1\" || exit 125; shift;"
            + " n=$((n-1)); done; exec \"$@\"");
    all.add("kintsugi-sandbox");
    all.add(Integer.toString(procsFiles.size()));
    procsFiles.forEach(f -> all.add(f.toString()));
    all.addAll(command);
    return all;
  }
}

package dev.kintsugi.runtime.action;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens the agent's kill switch of one method: until it is closed or its time is up, the method
 * returns the fallback (or fails fast) without running. Its undo closes the circuit.
 */
final class CircuitAction implements RuntimeAction {

  /** {@code com.acme.Pricing#quote}: a binary class name, {@code #}, a method name. */
  static final Pattern METHOD =
      Pattern.compile(
          "[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*#[\\p{L}_$][\\p{L}\\p{N}_$]*");

  private final Circuits circuits;
  private final String project;
  private final String method;
  private final Optional<String> fallback;
  private final Duration ttl;

  CircuitAction(
      Circuits circuits, String project, String method, Optional<String> fallback, Duration ttl) {
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException("not a method: " + method);
    }
    this.circuits = circuits;
    this.project = project;
    this.method = method;
    this.fallback = fallback;
    this.ttl = ttl;
  }

  @Override
  public String kind() {
    return "circuit";
  }

  @Override
  public String describe() {
    return "circuit: open "
        + method
        + " of "
        + project
        + " for "
        + ttl.toSeconds()
        + " s, "
        + fallback.map(f -> "returning " + f).orElse("failing fast");
  }

  @Override
  public ActionOutcome run() {
    try {
      circuits.open(project, method, fallback, ttl);
    } catch (RuntimeException e) {
      return ActionOutcome.failed(
          "could not open the circuit of " + method + ": " + e.getMessage());
    }
    return ActionOutcome.done(
        "opened the circuit of " + method + " of " + project + " for " + ttl.toSeconds() + " s",
        new Close());
  }

  /** The undo: the method runs again. */
  private final class Close implements RuntimeAction {
    @Override
    public String kind() {
      return "circuit";
    }

    @Override
    public String describe() {
      return "circuit: close " + method + " of " + project;
    }

    @Override
    public ActionOutcome run() {
      try {
        circuits.close(project, method);
      } catch (RuntimeException e) {
        return ActionOutcome.failed(
            "could not close the circuit of " + method + ": " + e.getMessage());
      }
      return ActionOutcome.done("closed the circuit of " + method + " of " + project);
    }
  }
}

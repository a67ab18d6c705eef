package dev.kintsugi.server.circuit;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A fault a chaos experiment injects into a method: until {@code expiresAt}, the agents of {@code
 * project} that run with {@code faults=on} make a share ({@code probability}) of the calls to
 * {@code method} slow ({@link Latency}) or fail ({@link Thrown}). An open {@link Circuit} of the
 * same method takes precedence: the method's body, where the fault is, does not run.
 *
 * @param method {@code com.acme.Pricing#quote}, as {@link Circuit#method()}
 * @param probability the share of calls affected, in (0, 1]
 * @param experiment the chaos experiment that injected it: never blank
 * @param injectedBy who injected it, as the audit trail names actors
 */
public record Fault(
    long project,
    String method,
    Effect effect,
    double probability,
    String experiment,
    Instant injectedAt,
    Instant expiresAt,
    String injectedBy) {

  /** Longest experiment name accepted (the column's size). */
  public static final int EXPERIMENT_CHARS = 200;

  /** What an affected call does. */
  public sealed interface Effect permits Latency, Thrown {
    /** The name on the wire and in the database: {@code latency}, {@code error}. */
    String kind();
  }

  /**
   * The call sleeps {@code millis}, then runs normally.
   *
   * @param millis from 1 to {@link #MAX_MILLIS}
   */
  public record Latency(long millis) implements Effect {
    /** Longest latency accepted: a minute. */
    public static final long MAX_MILLIS = 60_000;

    public Latency {
      if (millis < 1 || millis > MAX_MILLIS) {
        throw new IllegalArgumentException("latencyMs must be from 1 to " + MAX_MILLIS);
      }
    }

    @Override
    public String kind() {
      return "latency";
    }
  }

  /**
   * The call throws {@code exception} with {@code message} instead of running. The agent loads the
   * class in the method's class loader; one it cannot load, or that is not an unchecked exception
   * with a {@code (String)} constructor, becomes a {@code RuntimeException} with the message.
   *
   * @param exception a class's binary name ({@code java.lang.IllegalStateException})
   */
  public record Thrown(String exception, String message) implements Effect {
    /** Longest class name accepted (the column's size). */
    public static final int EXCEPTION_CHARS = 500;

    /** Longest message accepted (the column's size). */
    public static final int MESSAGE_CHARS = 1000;

    private static final Pattern CLASS =
        Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
                + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    public Thrown {
      if (exception == null
          || exception.length() > EXCEPTION_CHARS
          || !CLASS.matcher(exception).matches()) {
        throw new IllegalArgumentException(
            "exception must be a class's binary name (java.lang.IllegalStateException)");
      }
      Objects.requireNonNull(message, "message");
      if (message.length() > MESSAGE_CHARS) {
        throw new IllegalArgumentException(
            "message must be at most " + MESSAGE_CHARS + " characters");
      }
    }

    @Override
    public String kind() {
      return "error";
    }
  }

  public Fault {
    Circuit.checkMethod(method);
    Objects.requireNonNull(effect, "effect");
    if (!(probability > 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be above 0 and at most 1");
    }
    if (experiment == null || experiment.isBlank()) {
      throw new IllegalArgumentException(
          "experiment is required: the chaos experiment that injects the fault");
    }
    if (experiment.length() > EXPERIMENT_CHARS) {
      throw new IllegalArgumentException(
          "experiment must be at most " + EXPERIMENT_CHARS + " characters");
    }
    Objects.requireNonNull(injectedAt, "injectedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(injectedBy, "injectedBy");
  }
}

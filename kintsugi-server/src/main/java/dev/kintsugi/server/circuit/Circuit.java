package dev.kintsugi.server.circuit;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An open circuit: the agents of {@code project} do not run {@code method} until {@code expiresAt};
 * they return {@code fallback} instead ({@link Mode#FALLBACK}) or throw a fast failure ({@link
 * Mode#FAIL}).
 *
 * @param method {@code com.acme.Pricing#quote}: the class's binary name ({@code Outer$Inner} for a
 *     nested class), {@code #}, the method's name; the agent matches every overload of that name
 *     declared by that class
 * @param fallback the literal the agent turns into the method's return type ({@code 0}, {@code
 *     true}, {@code n/a} or {@code "n/a"}, {@code null}, {@code []}, {@code {}}); present exactly
 *     when the mode is {@link Mode#FALLBACK}
 * @param openedBy who opened it, as the audit trail names actors
 */
public record Circuit(
    long project,
    String method,
    Mode mode,
    Optional<String> fallback,
    Instant openedAt,
    Instant expiresAt,
    String openedBy) {

  /** Longest method name accepted (the column's size). */
  public static final int METHOD_CHARS = 1000;

  /** Longest fallback literal accepted (the column's size). */
  public static final int FALLBACK_CHARS = 4000;

  private static final Pattern METHOD =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
              + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*"
              + "#\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*");

  /** What an agent does instead of running the method. */
  public enum Mode {
    /** Return the fallback. */
    FALLBACK,
    /** Throw a fast failure. */
    FAIL;

    /** The name on the wire and in the database: {@code fallback}, {@code fail}. */
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named {@code wire}.
     *
     * @throws IllegalArgumentException for another name
     */
    public static Mode of(String wire) {
      for (Mode m : values()) {
        if (m.wire().equals(wire)) {
          return m;
        }
      }
      throw new IllegalArgumentException("mode must be fallback or fail");
    }
  }

  public Circuit {
    checkMethod(method);
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(fallback, "fallback");
    if ((mode == Mode.FALLBACK) != fallback.isPresent()) {
      throw new IllegalArgumentException(
          mode == Mode.FALLBACK
              ? "a fallback circuit needs a fallback"
              : "a fail circuit has no fallback");
    }
    fallback.ifPresent(Circuit::checkFallback);
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(openedBy, "openedBy");
  }

  /**
   * Checks a method's name.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static String checkMethod(String method) {
    if (method == null || method.length() > METHOD_CHARS || !METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException(
          "method must be a class's binary name, '#' and a method name (com.acme.Pricing#quote)");
    }
    return method;
  }

  private static void checkFallback(String literal) {
    if (literal.length() > FALLBACK_CHARS) {
      throw new IllegalArgumentException(
          "fallback must be at most " + FALLBACK_CHARS + " characters");
    }
  }
}

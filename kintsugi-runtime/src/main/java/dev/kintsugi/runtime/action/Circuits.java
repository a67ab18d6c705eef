package dev.kintsugi.runtime.action;

import java.time.Duration;
import java.util.Optional;

/**
 * The agent's per-method kill switches, as the server keeps them: an open circuit makes the agent's
 * instrumented method return its fallback (or fail fast) without running its body, until it is
 * closed or expires. The server implements it; the {@code circuit} action calls it.
 */
public interface Circuits {

  /**
   * Opens the circuit of a method.
   *
   * @param project the project's name
   * @param method {@code com.acme.Pricing#quote}
   * @param fallback the value returned instead of running the method ({@code 0}, {@code "n/a"},
   *     {@code null}, {@code []}); empty to throw a fast failure instead
   * @param ttl when the circuit closes by itself
   */
  void open(String project, String method, Optional<String> fallback, Duration ttl);

  /** Closes the circuit of a method (the method runs normally again). */
  void close(String project, String method);
}

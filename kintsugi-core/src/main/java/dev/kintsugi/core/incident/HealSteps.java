package dev.kintsugi.core.incident;

/**
 * Receives a heal's stages as they begin (reproduce, localize, candidates, confirm, deliver, ...),
 * so that whoever asked for the heal can show its progress while it runs. Called on the heal's
 * thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface HealSteps {

  /**
   * @param stage the stage's short name, e.g. {@code reproduce}
   * @param message what the stage is doing or found (may hold untrusted, scrubbed text)
   */
  void step(String stage, String message);

  /** Drops every step. */
  static HealSteps ignored() {
    return (stage, message) -> {};
  }
}

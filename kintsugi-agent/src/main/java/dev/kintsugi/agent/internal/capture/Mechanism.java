package dev.kintsugi.agent.internal.capture;

/** How an error reached the agent: Sentry's {@code exception.values[].mechanism}. */
public enum Mechanism {
  UNCAUGHT("UncaughtExceptionHandler", false),
  LOGGING("logging", true),
  API("api", true);

  private final String type;
  private final boolean handled;

  Mechanism(String type, boolean handled) {
    this.type = type;
    this.handled = handled;
  }

  public String type() {
    return type;
  }

  public boolean handled() {
    return handled;
  }
}

package dev.kintsugi.agent.internal.capture;

/** What an in-app frame held when an exception left it: its method and a snapshot (JSON). */
public final class FrameRecord {
  private final String className;
  private final String methodName;
  private final String varsJson;

  public FrameRecord(String className, String methodName, String varsJson) {
    this.className = className;
    this.methodName = methodName;
    this.varsJson = varsJson;
  }

  /** Binary name of the declaring class, as in {@link StackTraceElement#getClassName()}. */
  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  /** The frame's {@code vars} object, already serialised. */
  public String varsJson() {
    return varsJson;
  }
}

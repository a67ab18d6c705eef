package dev.kintsugi.sandbox.process;

/**
 * How a command ended.
 *
 * @param exitCode the exit code, or -1 when the command was killed
 * @param timedOut whether the command hit its time limit and was killed with its children
 * @param outputTail the last lines of the combined stdout and stderr
 * @param millis wall-clock duration
 */
public record ProcessResult(int exitCode, boolean timedOut, String outputTail, long millis) {

  public ProcessResult {
    outputTail = outputTail == null ? "" : outputTail;
  }

  /** True when the command finished in time with exit code 0. */
  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}

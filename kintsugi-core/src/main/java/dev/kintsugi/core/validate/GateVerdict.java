package dev.kintsugi.core.validate;

import java.util.Objects;

/**
 * The result of one gate for one candidate.
 *
 * @param gate the gate's name, e.g. {@code compiles}
 * @param passed whether the candidate passed
 * @param evidence what the gate saw (compiler message, failing test, rejected API...)
 * @param millis time the gate took
 */
public record GateVerdict(String gate, boolean passed, String evidence, long millis) {

  public GateVerdict {
    Objects.requireNonNull(gate, "gate");
    evidence = evidence == null ? "" : evidence;
  }

  public static GateVerdict pass(String gate, String evidence) {
    return new GateVerdict(gate, true, evidence, 0);
  }

  public static GateVerdict reject(String gate, String evidence) {
    return new GateVerdict(gate, false, evidence, 0);
  }

  public GateVerdict withMillis(long ms) {
    return new GateVerdict(gate, passed, evidence, ms);
  }
}

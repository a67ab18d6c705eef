package dev.kintsugi.agent.internal.circuit;

import dev.kintsugi.agent.internal.AgentLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One injected fault as the server lists it next to the circuits: {@code {"method":
 * "com.acme.Pricing#quote", "kind": "latency", "latencyMs": 1500, "probability": 1.0, "ttlSeconds":
 * 300}} or {@code {"method": ..., "kind": "error", "exception": "java.lang.IllegalStateException",
 * "message": "chaos", "probability": 0.5, "ttlSeconds": 120}}.
 */
final class FaultSpec {
  /** The server keeps a fault at most an hour; a longer ttl is cut to this. */
  static final long MAX_TTL_SECONDS = 3600;

  /** The server allows at most a minute. */
  static final long MAX_LATENCY_MILLIS = 60_000;

  /** {@code com.acme.Pricing#quote}. */
  final String method;

  /** Each affected call sleeps this long; 0 for an error fault. */
  final long latencyMillis;

  /** The exception's class name for an error fault; null for latency. */
  final String exception;

  final String message;
  final double probability;
  final long ttlMillis;

  private FaultSpec(
      String method,
      long latencyMillis,
      String exception,
      String message,
      double probability,
      long ttlMillis) {
    CircuitSpec.checkMethod(method);
    this.method = method;
    this.latencyMillis = latencyMillis;
    this.exception = exception;
    this.message = message;
    this.probability = probability;
    this.ttlMillis = ttlMillis;
  }

  /**
   * The faults of a poll's answer, {@code {"circuits": [...], "faults": [...]}}: none when the
   * answer has no {@code faults} list (a server from before faults). An entry that is not a fault
   * is left out (reported once): it must not keep the circuits from being applied.
   */
  static List<FaultSpec> parse(Object document) {
    Object faults = document instanceof Map ? ((Map<?, ?>) document).get("faults") : null;
    if (!(faults instanceof List)) {
      return Collections.emptyList();
    }
    List<FaultSpec> out = new ArrayList<>();
    for (Object entry : (List<?>) faults) {
      try {
        out.add(of(entry));
      } catch (IllegalArgumentException e) {
        AgentLog.once("fault-bad:" + e.getMessage(), "ignoring a fault: " + e.getMessage(), null);
      }
    }
    return Collections.unmodifiableList(out);
  }

  private static FaultSpec of(Object entry) {
    if (!(entry instanceof Map)) {
      throw new IllegalArgumentException("a fault is not an object");
    }
    Map<?, ?> f = (Map<?, ?>) entry;
    Object method = f.get("method");
    Object kind = f.get("kind");
    Object probability = f.get("probability");
    Object ttl = f.get("ttlSeconds");
    if (!(method instanceof String) || !(ttl instanceof Long) || (Long) ttl <= 0) {
      throw new IllegalArgumentException("a fault needs a method and a positive ttlSeconds");
    }
    double p = probability == null ? 1.0 : Double.NaN;
    if (probability instanceof Number) {
      p = ((Number) probability).doubleValue();
    }
    if (!(p > 0 && p <= 1)) {
      throw new IllegalArgumentException("a fault's probability is above 0 and at most 1");
    }
    long ttlMillis = Math.min((Long) ttl, MAX_TTL_SECONDS) * 1000;
    if ("latency".equals(kind)) {
      Object millis = f.get("latencyMs");
      if (!(millis instanceof Long) || (Long) millis < 1 || (Long) millis > MAX_LATENCY_MILLIS) {
        throw new IllegalArgumentException("a latency fault's latencyMs is 1 to 60000");
      }
      return new FaultSpec((String) method, (Long) millis, null, null, p, ttlMillis);
    }
    if ("error".equals(kind)) {
      Object exception = f.get("exception");
      Object message = f.get("message");
      return new FaultSpec(
          (String) method,
          0,
          exception instanceof String ? (String) exception : "java.lang.RuntimeException",
          message instanceof String ? (String) message : "fault injected by kintsugi",
          p,
          ttlMillis);
    }
    throw new IllegalArgumentException("a fault's kind is latency or error");
  }
}

package dev.kintsugi.agent.internal.circuit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One open circuit as the server lists it: {@code {"method": "com.acme.Pricing#quote", "mode":
 * "fallback" | "fail", "fallback": "0", "ttlSeconds": 60}}.
 */
final class CircuitSpec {
  /** Longer than the server allows (30 days); keeps deadlines far from overflowing. */
  static final long MAX_TTL_SECONDS = 31L * 24 * 3600;

  /** {@code com.acme.Pricing#quote}. */
  final String method;

  /** The fallback literal; null to fail fast. */
  final String fallback;

  final long ttlMillis;

  CircuitSpec(String method, String fallback, long ttlMillis) {
    checkMethod(method);
    this.method = method;
    this.fallback = fallback;
    this.ttlMillis = ttlMillis;
  }

  /**
   * Checks that {@code method} is {@code Class#method}.
   *
   * @return the position of its {@code #}
   * @throws IllegalArgumentException when it is not
   */
  static int checkMethod(String method) {
    int hash = method.indexOf('#');
    if (hash <= 0 || hash == method.length() - 1 || method.indexOf('#', hash + 1) >= 0) {
      throw new IllegalArgumentException("method is not Class#method: " + method);
    }
    return hash;
  }

  /**
   * The circuits of a poll's answer, {@code {"version": ..., "circuits": [...]}}.
   *
   * @throws IllegalArgumentException when the answer is not that shape (an entry of it that is not
   *     a circuit, too)
   */
  static List<CircuitSpec> parse(Object document) {
    if (!(document instanceof Map) || !(((Map<?, ?>) document).get("circuits") instanceof List)) {
      throw new IllegalArgumentException("the answer has no circuits list");
    }
    List<CircuitSpec> out = new ArrayList<>();
    for (Object entry : (List<?>) ((Map<?, ?>) document).get("circuits")) {
      if (!(entry instanceof Map)) {
        throw new IllegalArgumentException("a circuit is not an object");
      }
      Map<?, ?> c = (Map<?, ?>) entry;
      Object method = c.get("method");
      Object mode = c.get("mode");
      Object fallback = c.get("fallback");
      Object ttl = c.get("ttlSeconds");
      if (!(method instanceof String) || !(ttl instanceof Long) || (Long) ttl <= 0) {
        throw new IllegalArgumentException("a circuit needs a method and a positive ttlSeconds");
      }
      long ttlMillis = Math.min((Long) ttl, MAX_TTL_SECONDS) * 1000;
      if ("fail".equals(mode)) {
        out.add(new CircuitSpec((String) method, null, ttlMillis));
      } else if ("fallback".equals(mode) && fallback instanceof String) {
        out.add(new CircuitSpec((String) method, (String) fallback, ttlMillis));
      } else {
        throw new IllegalArgumentException("a circuit's mode is fail, or fallback with a fallback");
      }
    }
    return Collections.unmodifiableList(out);
  }
}

package dev.kintsugi.example.shop;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Faults that can be switched on in the running shop, for runtime-remediation demos and tests:
 * {@code latency} (every request, health included, waits {@link #LATENCY_MILLIS}), {@code errors}
 * (every business request fails with a bug, answered 500) and {@code leak} (every request keeps
 * {@link #LEAK_BYTES} forever; the health check reports DOWN past {@link #LEAK_LIMIT_BYTES}).
 * Switched on at start ({@code --fault KIND}: survives a restart with the same command line) or
 * through {@code POST /admin/faults/KIND} (lost on restart, as a real leak is).
 */
final class Faults {

  /** A fault's kind. */
  enum Kind {
    LATENCY,
    ERRORS,
    LEAK;

    static Kind parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ShopException.badRequest("unknown fault " + name + " (latency, errors, leak)");
      }
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final long LATENCY_MILLIS = 1500;
  static final int LEAK_BYTES = 4 * 1024 * 1024;
  static final long LEAK_LIMIT_BYTES = 32L * 1024 * 1024;

  private final Set<Kind> on = EnumSet.noneOf(Kind.class);
  private final List<byte[]> leaked = new ArrayList<>();

  synchronized void switchOn(Kind kind) {
    on.add(kind);
  }

  /** Switches a fault off; switching the leak off frees what it kept, as a restart would. */
  synchronized void switchOff(Kind kind) {
    on.remove(kind);
    if (kind == Kind.LEAK) {
      leaked.clear();
    }
  }

  synchronized List<String> active() {
    List<String> names = new ArrayList<>();
    on.forEach(k -> names.add(k.label()));
    return names;
  }

  synchronized boolean isOn(Kind kind) {
    return on.contains(kind);
  }

  /** Applies the faults that touch every request: latency and the leak. */
  void beforeRequest() {
    if (isOn(Kind.LEAK)) {
      synchronized (this) {
        leaked.add(new byte[LEAK_BYTES]);
      }
    }
    if (isOn(Kind.LATENCY)) {
      try {
        Thread.sleep(LATENCY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Bytes kept by the leak so far. */
  synchronized long leakedBytes() {
    return (long) leaked.size() * LEAK_BYTES;
  }

  /** Why the service is unhealthy, or null. */
  String unhealthy() {
    long bytes = leakedBytes();
    return bytes > LEAK_LIMIT_BYTES ? "memory: " + bytes / (1024 * 1024) + " MiB leaked" : null;
  }
}

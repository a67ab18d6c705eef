package dev.kintsugi.runtime;

import dev.kintsugi.runtime.diagnose.HealthNow;
import dev.kintsugi.runtime.signal.RuntimeSignal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The health checks failing now, followed from the checks' threshold crossings. */
final class FailingChecks implements HealthNow {

  private record Key(String project, String check) {}

  private final Map<Key, Failing> failing = new ConcurrentHashMap<>();

  /** Follows a crossing: a failing check from when it crossed, until it passes again. */
  void follow(RuntimeSignal.Health health) {
    Key key = new Key(health.project(), health.check());
    if (health.healthy()) {
      failing.remove(key);
    } else {
      failing.putIfAbsent(key, new Failing(health.check(), health.at(), health.detail()));
    }
  }

  @Override
  public List<Failing> failing(String project) {
    return failing.entrySet().stream()
        .filter(e -> e.getKey().project().equals(project))
        .map(Map.Entry::getValue)
        .toList();
  }
}

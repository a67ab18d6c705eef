package dev.kintsugi.runtime.action;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Circuits kept in a map: "project/method" → the fallback ("" to fail fast). */
class InMemoryCircuits implements Circuits {

  /** For tests that open no circuit. */
  static final Circuits NONE = new InMemoryCircuits();

  final Map<String, String> open = new ConcurrentHashMap<>();
  final Map<String, Duration> ttls = new ConcurrentHashMap<>();

  @Override
  public void open(String project, String method, Optional<String> fallback, Duration ttl) {
    open.put(project + "/" + method, fallback.orElse(""));
    ttls.put(project + "/" + method, ttl);
  }

  @Override
  public void close(String project, String method) {
    open.remove(project + "/" + method);
  }
}

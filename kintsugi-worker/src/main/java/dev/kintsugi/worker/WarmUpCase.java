package dev.kintsugi.worker;

/**
 * An empty test the worker runs once before it reports READY, through the project's own framework
 * (Jupiter, the vintage engine or JUnit 4), so that the framework's classes are loaded before the
 * first candidate arrives. It lives in the worker's jar, never in the project's test classes, so
 * discovery does not find it. Each annotation is ignored where its framework is absent.
 */
public final class WarmUpCase {

  @org.junit.jupiter.api.Test
  void jupiter() {}

  @org.junit.Test
  public void junit4() {}
}

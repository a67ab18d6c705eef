package dev.kintsugi.bench.agent.app;

/**
 * In-app code that does not throw: an instance method calling a static one per element. With the
 * agent, both carry the exit advice; the benchmark measures what that costs on the normal path.
 */
public final class Hot {
  private final int seed;

  public Hot(int seed) {
    this.seed = seed;
  }

  public int score(int[] values) {
    int acc = seed;
    for (int v : values) {
      acc = mix(acc, v);
    }
    return acc;
  }

  static int mix(int acc, int v) {
    return acc * 31 + v * v - (v >>> 3);
  }
}

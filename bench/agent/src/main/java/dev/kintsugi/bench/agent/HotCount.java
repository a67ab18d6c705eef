package dev.kintsugi.bench.agent;

import dev.kintsugi.bench.agent.app.Hot;

/**
 * The hot path for instruction counting ({@code instructions.sh}): 3M calls to get it compiled,
 * then {@code N} more. Counting a run with N = 0 and one with a large N under callgrind gives the
 * instructions per call, independent of the machine's load.
 */
public final class HotCount {
  private HotCount() {}

  public static void main(String[] args) {
    long n = Long.parseLong(args[0]);
    int[] values = new int[16];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 7 + 3;
    }
    Hot hot = new Hot(17);
    int sink = 0;
    for (long i = 0; i < 3_000_000; i++) {
      sink += hot.score(values);
    }
    for (long i = 0; i < n; i++) {
      sink += hot.score(values);
    }
    System.out.println(sink);
  }
}

package dev.kintsugi.bench.agent;

import dev.kintsugi.bench.agent.app.Hot;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The hot in-app path that does not throw; run with and without the agent by {@link Main}. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {
  int[] values;
  Hot hot;

  @Setup
  public void setUp() {
    values = new int[16];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 7 + 3;
    }
    hot = new Hot(17);
  }

  @Benchmark
  public int score() {
    return hot.score(values);
  }
}

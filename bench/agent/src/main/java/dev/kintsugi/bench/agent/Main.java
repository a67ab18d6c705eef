package dev.kintsugi.bench.agent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks in forks with and without the agent, alternating (A B A B; 3 forks each for
 * the hot path) so that a change in the shared machine's load hits both sides, and prints the
 * scores and the overhead ratio.
 *
 * <p>Usage: {@code Main AGENT_JAR SPOOL_DIR [ROUNDS]}.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws RunnerException {
    String jar = args[0];
    String spool = args[1];
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    // Port 1 on loopback: nothing listens, connections are refused at once (server absent).
    String agent =
        "-javaagent:"
            + jar
            + "=dsn=http://bench@127.0.0.1:1/1,packages=dev.kintsugi.bench.agent.app,spool="
            + spool;

    List<Double> without = new ArrayList<>();
    List<Double> with = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      without.add(run(HotPathBenchmark.class, "score", null, 3).getScore());
      with.add(run(HotPathBenchmark.class, "score", agent, 3).getScore());
    }
    Result throwBare = run(CaptureBenchmark.class, "throwOnly", null, 1);
    Result capture = run(CaptureBenchmark.class, "throwAndCapture", agent, 1);

    System.out.println();
    System.out.println("== hot in-app method (16-element loop, instance + static frame), ns/op");
    System.out.printf(
        "without agent: %s  median %.2f  min %.2f%n", fmt(without), median(without), min(without));
    System.out.printf(
        "with agent:    %s  median %.2f  min %.2f%n", fmt(with), median(with), min(with));
    System.out.printf(
        "overhead ratio (with / without): median %.3f, min %.3f (goal < 1.03)%n",
        median(with) / median(without), min(with) / min(without));
    System.out.println("== one error: throw through 3 in-app frames with arguments, us/op");
    System.out.printf("throw, no agent:                  %s%n", fmt(throwBare));
    System.out.printf("throw + Kintsugi.capture, agent:  %s%n", fmt(capture));
    System.out.printf(
        "agent cost per captured error: %.1f us (3 snapshots + capture on the throwing thread);"
            + " server absent: the sender spools, then (queue full) drops%n",
        capture.getScore() - throwBare.getScore());
  }

  private static Result run(Class<?> benchmark, String method, String jvmArg, int forks)
      throws RunnerException {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(benchmark.getName() + "." + method + "$")
            .forks(forks)
            .warmupIterations(3)
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(5)
            .measurementTime(TimeValue.seconds(1))
            .jvmArgs("-Xmx512m");
    if (jvmArg != null) {
      o = o.jvmArgsAppend(jvmArg);
    }
    Collection<RunResult> results = new Runner(o.build()).run();
    return results.iterator().next().getPrimaryResult();
  }

  private static String fmt(Result r) {
    return String.format("%.2f ± %.2f", r.getScore(), r.getScoreError());
  }

  private static String fmt(List<Double> xs) {
    StringBuilder b = new StringBuilder("[");
    for (double x : xs) {
      b.append(b.length() == 1 ? "" : ", ").append(String.format("%.2f", x));
    }
    return b.append(']').toString();
  }

  private static double median(List<Double> xs) {
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> xs) {
    return Collections.min(xs);
  }
}

package com.acme.fault;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * Calls {@link Pricing} in a loop and appends what it sees to the file {@code args[0]} each time it
 * changes, until the file {@code args[1]} exists (or two minutes passed). {@code slow=true} when
 * {@code quote} took a second or more (its latency fault is 1.5 s).
 */
public final class FaultApp {
  static final long SLOW_NANOS = 1_000_000_000L;

  private FaultApp() {}

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args[0]);
    Path stop = Paths.get(args[1]);
    Pricing pricing = new Pricing();
    String last = "";
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      StringJoiner seen = new StringJoiner(" ");
      long start = System.nanoTime();
      seen.add("quote=" + call(() -> pricing.quote("A")));
      seen.add("slow=" + (System.nanoTime() - start >= SLOW_NANOS));
      seen.add("stock=" + call(() -> Pricing.stock("A")));
      seen.add("label=" + call(pricing::label));
      String now = seen.toString();
      if (!now.equals(last)) {
        Files.write(
            out,
            (now + "\n").getBytes(StandardCharsets.UTF_8),
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
        last = now;
      }
      Thread.sleep(20);
    }
  }

  private static String call(Callable<Object> c) {
    try {
      return String.valueOf(c.call());
    } catch (Exception e) {
      return "!" + e.getClass().getSimpleName() + ":" + e.getMessage();
    }
  }
}

package com.acme.circuit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

/**
 * Calls {@link Prices} in a loop and appends what it sees to the file {@code args[0]} each time it
 * changes, until the file {@code args[1]} exists (or a minute passed).
 */
public final class CircuitApp {
  private CircuitApp() {}

  public static void main(String[] args) throws Exception {
    Path out = Paths.get(args[0]);
    Path stop = Paths.get(args[1]);
    Prices prices = new Prices();
    String last = "";
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(stop) && System.nanoTime() < deadline) {
      StringJoiner seen = new StringJoiner(" ");
      seen.add("quote=" + call(() -> prices.quote("A")));
      seen.add("quote2=" + call(() -> prices.quote("A", 2)));
      seen.add("stock=" + call(() -> Prices.stock("A")));
      seen.add("label=" + call(prices::label));
      seen.add("tags=" + call(prices::tags));
      seen.add("discounts=" + call(prices::discounts));
      seen.add("coupon=" + call(prices::coupon));
      seen.add("available=" + call(prices::available));
      seen.add("ledger=" + call(prices::ledger));
      int before = prices.audits();
      String audit =
          call(
              () -> {
                prices.audit();
                return null;
              });
      seen.add(
          "audit="
              + (audit.startsWith("!") ? audit : prices.audits() > before ? "ran" : "skipped"));
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

package com.acme.orders;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs the failure at SEVERE through JUL and goes on (exit 0); with {@code rethrow}, rethrows it
 * after logging (exit 1, one event expected).
 */
public final class JulApp {
  private static final Logger LOG = Logger.getLogger("com.acme.orders.checkout");

  private JulApp() {}

  public static void main(String[] args) {
    LOG.log(
        Level.WARNING,
        "a warning with an exception is not an error",
        new IllegalStateException("w"));
    try {
      new OrderService("jul-store").place(OrderService.badOrder(), "SPRING", "tok-123");
    } catch (OrderRejected e) {
      LOG.log(Level.SEVERE, "checkout of {0} failed", new Object[] {"A-17"});
      LOG.log(Level.SEVERE, "checkout failed", e);
      if (args.length > 0 && args[0].equals("rethrow")) {
        throw e;
      }
    }
    System.out.println("still running");
  }
}

package com.acme.orders;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Logs the failure at ERROR through Log4j2, and goes on. */
public final class Log4j2App {
  private static final Logger LOG = LogManager.getLogger("com.acme.orders.checkout");

  private Log4j2App() {}

  public static void main(String[] args) {
    LOG.warn("not an error", new IllegalStateException("w"));
    try {
      new OrderService("log4j2-store").place(OrderService.badOrder(), "SPRING", "tok-123");
    } catch (OrderRejected e) {
      LOG.error("checkout of {} failed", "A-17", e);
    }
    System.out.println("still running");
  }
}

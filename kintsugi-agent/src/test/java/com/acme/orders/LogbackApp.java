package com.acme.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the failure at ERROR through SLF4J and Logback, and goes on. */
public final class LogbackApp {
  private static final Logger LOG = LoggerFactory.getLogger("com.acme.orders.checkout");

  private LogbackApp() {}

  public static void main(String[] args) {
    LOG.warn("not an error", new IllegalStateException("w"));
    try {
      new OrderService("logback-store").place(OrderService.badOrder(), "SPRING", "tok-123");
    } catch (OrderRejected e) {
      LOG.error("checkout of {} failed", "A-17", e);
    }
    System.out.println("still running");
  }
}

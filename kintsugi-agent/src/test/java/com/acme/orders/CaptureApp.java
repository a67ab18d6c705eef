package com.acme.orders;

import dev.kintsugi.agent.Kintsugi;

/**
 * Reports the failure through {@code Kintsugi.capture} and goes on; prints how long that took. The
 * agent jar is on the class path only through {@code -javaagent}.
 */
public final class CaptureApp {
  private CaptureApp() {}

  public static void main(String[] args) {
    try {
      new OrderService("api-store").place(OrderService.badOrder(), "SPRING", "tok-123");
    } catch (OrderRejected e) {
      long start = System.nanoTime();
      Kintsugi.capture(e);
      Kintsugi.capture(e);
      System.out.println("captured in " + (System.nanoTime() - start) / 1000 + " us");
    }
    System.out.println("still running");
  }
}

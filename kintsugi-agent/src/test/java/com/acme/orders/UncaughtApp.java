package com.acme.orders;

/** Fails in main: the exception reaches the uncaught handler; exit code 1. */
public final class UncaughtApp {
  private UncaughtApp() {}

  public static void main(String[] args) {
    new OrderService("main-store").place(OrderService.badOrder(), "SPRING", "tok-123");
  }
}

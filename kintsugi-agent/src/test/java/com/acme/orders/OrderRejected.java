package com.acme.orders;

/** The application's wrapper exception (the outermost of the chain). */
public final class OrderRejected extends RuntimeException {
  public OrderRejected(String message, Throwable cause) {
    super(message, cause);
  }
}

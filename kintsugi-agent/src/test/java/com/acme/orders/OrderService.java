package com.acme.orders;

import java.math.BigDecimal;

/**
 * Places orders: {@code place} → {@code validate} (private) → {@code Pricing.total} (static), which
 * throws for a non-positive quantity; {@code place} wraps it in {@link OrderRejected}.
 */
public final class OrderService {
  private final String store;
  private int attempts;

  public OrderService(String store) {
    this.store = store;
  }

  public BigDecimal place(Order order, String coupon, String apiToken) {
    attempts++;
    try {
      return validate(order, attempts);
    } catch (IllegalArgumentException e) {
      throw new OrderRejected("order " + order.id + " rejected at " + store, e);
    }
  }

  private BigDecimal validate(Order order, int attempt) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Line line : order.lines) {
      sum = sum.add(Pricing.total(line.sku(), line.quantity(), line.unitPrice()));
    }
    return sum;
  }

  /** The fixtures' failing order. */
  public static Order badOrder() {
    return new Order(
        "A-17",
        new Customer("Ada", "hunter2", Customer.Tier.GOLD),
        java.util.List.of(
            new Line("SKU-1", 2, new BigDecimal("9.99")),
            new Line("SKU-9", 0, new BigDecimal("5"))),
        "paid with 4111 1111 1111 1111");
  }
}

package com.acme.orders;

import java.math.BigDecimal;

/** Static in-app code: the deepest frame of the fixtures' failure. */
public final class Pricing {
  private Pricing() {}

  static BigDecimal total(String sku, int quantity, BigDecimal unitPrice) {
    if (quantity <= 0) {
      throw new IllegalArgumentException("quantity of " + sku + " must be positive: " + quantity);
    }
    return unitPrice.multiply(BigDecimal.valueOf(quantity));
  }
}

package com.acme.shop;

import com.acme.shop.model.Line;
import java.math.BigDecimal;
import java.util.List;

public class Cart {
  private final String owner;
  private final List<Line> lines;

  public Cart(String owner, List<Line> lines) {
    this.owner = owner;
    this.lines = lines;
  }

  public BigDecimal total(int discountPercent) {
    BigDecimal sum =
        lines.stream()
            .map(l -> l.price().multiply(BigDecimal.valueOf(l.quantity())))
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    return sum.multiply(BigDecimal.valueOf(100 - discountPercent)).divide(BigDecimal.valueOf(100));
  }

  public String owner() {
    return owner;
  }

  static final class Rounding {
    private Rounding() {}

    static double round(double value, int places) {
      if (places < 0) {
        throw new IllegalArgumentException("places");
      }
      double scale = Math.pow(10, places);
      return Math.round(value * scale) / scale;
    }
  }

  class View {
    String render(int width) {
      return owner.substring(0, width);
    }
  }
}

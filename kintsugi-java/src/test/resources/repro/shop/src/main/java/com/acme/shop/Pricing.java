package com.acme.shop;

import com.acme.shop.model.Line;
import com.acme.shop.model.Status;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Static helpers, each with a planted bug for one argument shape. */
public final class Pricing {

  private Pricing() {}

  static long discounted(
      long cents,
      int percent,
      String code,
      char grade,
      boolean vip,
      float factor,
      short units,
      byte flags,
      double rate) {
    if (percent > 100) {
      throw new IllegalArgumentException("bad percent for " + code);
    }
    return (long) (cents * (100 - percent) / 100 * factor * rate)
        + units
        + flags
        + grade
        + (vip ? 1 : 0);
  }

  static int count(Map<String, Integer> stock, String sku) {
    return stock.get(sku);
  }

  static int totalLength(List<String> skus) {
    int length = 0;
    for (String sku : skus) {
      length += sku.length();
    }
    return length;
  }

  static int pick(int[] values, int index) {
    return values[index];
  }

  static String describe(Status status) {
    switch (status) {
      case NEW:
        return "new";
      case PAID:
        return "paid";
      default:
        throw new IllegalStateException("unexpected status " + status);
    }
  }

  static BigDecimal split(BigDecimal amount, int ways) {
    return amount.divide(BigDecimal.valueOf(ways));
  }

  static BigDecimal lineTotal(Line line) {
    return line.price().multiply(BigDecimal.valueOf(line.quantity()));
  }

  static String label(int number) {
    return "#" + number;
  }

  static String label(String text) {
    return text.trim();
  }

  static String label(int number, int width) {
    return String.format("%0" + width + "d", number);
  }

  static int lengthOf(String text) {
    return text.length();
  }

  static int discountFor(Customer customer) {
    return customer.discountPercent();
  }

  static String zoneOf(Address address) {
    return address.getZip().substring(0, 2);
  }

  static double areaOf(Shape shape) {
    return shape.area();
  }

  static int retriesOf(Settings settings) {
    return 10 / settings.retries();
  }

  private static int hidden(int divisor) {
    return 100 / divisor;
  }

  static int callsHidden(int divisor) {
    return hidden(divisor);
  }
}

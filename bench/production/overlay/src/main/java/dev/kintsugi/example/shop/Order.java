package dev.kintsugi.example.shop;

import java.util.List;
import java.util.Objects;

/**
 * A placed order.
 *
 * @param id e.g. {@code A-1001}
 * @param customer the customer's handle
 * @param placedOn ISO date the order was placed
 * @param status where the order is
 * @param lines what was bought
 */
public record Order(
    String id, String customer, String placedOn, Status status, List<Line> lines) {

  /** Where an order is. */
  public enum Status {
    PLACED,
    SHIPPED,
    DELIVERED,
    CANCELLED
  }

  /** One line of an order: units of a product at the price paid. */
  public record Line(String sku, int quantity, int unitCents) {}

  public Order {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(customer, "customer");
    Objects.requireNonNull(placedOn, "placedOn");
    Objects.requireNonNull(status, "status");
    lines = List.copyOf(lines);
  }

  /** The order's value in cents. */
  public int totalCents() {
    int total = 0;
    for (Line line : lines) {
      total += line.quantity() * line.unitCents();
    }
    return total;
  }

  /** What the order page says about where the order is. */
  public String tracking() {
    String text;
    switch (status) {
      case PLACED:
        text = "placed on " + placedOn + ", being packed";
        break;
      case SHIPPED:
        text = "on its way";
        break;
      case DELIVERED:
        text = "delivered";
        break;
      case CANCELLED:
        text = "cancelled, " + totalCents() + " cents refunded";
      default:
        throw new IllegalStateException("unknown order status " + status);
    }
    return text;
  }
}

package dev.kintsugi.example.shop;

import java.util.HashMap;
import java.util.Map;

/** Units on hand per SKU and units reserved for open carts. Thread-safe. */
public final class Inventory {

  private final Map<String, Integer> onHand;
  private final Map<String, Integer> reserved = new HashMap<>();

  public Inventory(Map<String, Integer> onHand) {
    this.onHand = new HashMap<>(onHand);
  }

  /** The demo shop's stock. */
  public static Inventory sample() {
    return new Inventory(
        Map.of(
            "MUG-01", 24,
            "MUG-02", 8,
            "TEA-01", 40,
            "TEA-02", 15,
            "BOOK-01", 5,
            "KIT-01", 3,
            "GIFT-25", 1000,
            "GIFT-50", 1000));
  }

  /** Units that can still be reserved: on hand minus reserved. */
  public synchronized int available(String sku) {
    Integer units = onHand.get(sku);
    if (units == null) {
      throw ShopException.notFound("unknown product " + sku);
    }
    return units - reserved.getOrDefault(sku, 0);
  }

  /**
   * Reserves units for a cart.
   *
   * @return the units still available afterwards
   */
  public synchronized int reserve(String sku, int quantity) {
    if (quantity <= 0) {
      throw ShopException.badRequest("quantity must be positive: " + quantity);
    }
    int available = available(sku);
    if (quantity > available) {
      throw ShopException.conflict(
          "only " + available + " unit(s) of " + sku + " available, " + quantity + " asked");
    }
    reserved.merge(sku, quantity, Integer::sum);
    return available - quantity;
  }
}

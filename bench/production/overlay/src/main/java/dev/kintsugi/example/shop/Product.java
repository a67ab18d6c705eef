package dev.kintsugi.example.shop;

import java.util.Objects;

/**
 * A product of the catalog.
 *
 * @param sku the stock-keeping unit, e.g. {@code MUG-01}
 * @param name the display name
 * @param category e.g. {@code mugs}, {@code tea}, {@code gift-cards}
 * @param priceCents the unit price in euro cents
 * @param grams the shipping weight of one unit (0 for gift cards, which are sent by e-mail)
 * @param pointsPerEuro loyalty points earned per full euro paid (0: earns no points)
 */
public record Product(
    String sku, String name, String category, int priceCents, int grams, int pointsPerEuro) {

  public Product {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(category, "category");
    if (priceCents < 0 || grams < 0 || pointsPerEuro < 0) {
      throw new IllegalArgumentException("negative price, weight or points rate for " + sku);
    }
  }

  /** Volume pricing: percent off each unit, by units bought; 4 units or more get the last rate. */
  private static final int[] VOLUME_PERCENT_OFF = {0, 0, 5, 8, 10};

  /**
   * The price of one unit when buying {@code quantity} units at once, rounded down to the cent: 5%
   * off from 2 units, 8% from 3, 10% from 4 units on. Gift cards are sold at face value.
   */
  public int unitCents(int quantity) {
    if (quantity < 1) {
      throw ShopException.badRequest("quantity must be positive: " + quantity);
    }
    if (category.equals("gift-cards")) {
      return priceCents;
    }
    return priceCents * (100 - VOLUME_PERCENT_OFF[quantity]) / 100;
  }
}

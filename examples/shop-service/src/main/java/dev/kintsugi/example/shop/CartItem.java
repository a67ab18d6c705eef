package dev.kintsugi.example.shop;

import java.util.Objects;

/** A line of a cart: units of a product. */
public record CartItem(String sku, int quantity) {

  public CartItem {
    Objects.requireNonNull(sku, "sku");
    if (quantity <= 0) {
      throw ShopException.badRequest("quantity must be positive: " + quantity);
    }
  }
}

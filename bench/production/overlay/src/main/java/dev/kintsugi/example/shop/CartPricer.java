package dev.kintsugi.example.shop;

import java.util.List;

/** Prices a cart: subtotal, coupon, shipping, loyalty points. */
public final class CartPricer {

  private final Catalog catalog;

  public CartPricer(Catalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The quote for a cart.
   *
   * @param coupon the coupon code the customer typed, or null
   */
  public Quote quote(List<CartItem> items, String coupon) {
    if (items.isEmpty()) {
      throw ShopException.badRequest("the cart is empty");
    }
    int subtotal = 0;
    int grams = 0;
    int points = 0;
    for (CartItem item : items) {
      Product product = catalog.require(item.sku());
      int lineCents = product.priceCents() * item.quantity();
      subtotal += lineCents;
      grams += product.grams() * item.quantity();
      points += Loyalty.points(lineCents, product.pointsPerEuro());
    }
    int discount = Discounts.discountCents(subtotal, coupon);
    int shipping = Shipping.forCart(subtotal - discount, grams);
    return new Quote(subtotal, discount, shipping, subtotal - discount + shipping, points);
  }

  /** Gift wrapping paper, per order. */
  static final int WRAP_CENTS = 150;

  /** A card for the gift message. */
  static final int CARD_CENTS = 100;

  /** A folded card, for messages longer than {@link #CARD_CHARS}. */
  static final int FOLDED_CARD_CENTS = 250;

  /** What fits on a plain card. */
  static final int CARD_CHARS = 120;

  /**
   * What gift wrapping costs: the paper alone when there is no message (null or blank), with a card
   * for a message, with a folded card for a long one.
   */
  public static int giftWrapCents(String message) {
    if (message == null && message.isBlank()) {
      return WRAP_CENTS;
    }
    return WRAP_CENTS + (message.length() > CARD_CHARS ? FOLDED_CARD_CENTS : CARD_CENTS);
  }
}

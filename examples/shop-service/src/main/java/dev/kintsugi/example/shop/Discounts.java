package dev.kintsugi.example.shop;

import java.util.Locale;
import java.util.Map;

/** Coupon codes and what they take off a cart. */
public final class Discounts {

  /**
   * A coupon.
   *
   * @param percent the percentage taken off the subtotal
   * @param minimumCents the smallest subtotal the coupon applies to
   */
  record Coupon(int percent, int minimumCents) {}

  /** The coupons on offer, by upper-case code. */
  private static final Map<String, Coupon> COUPONS =
      Map.of(
          "WELCOME10", new Coupon(10, 0),
          "SUMMER25", new Coupon(25, 4000),
          "STAFF50", new Coupon(50, 0));

  private Discounts() {}

  /**
   * The discount in cents that a coupon code gives on a subtotal, rounded down to the cent. Codes
   * are case-insensitive. No code, a blank code, a code the shop does not know (customers type all
   * sorts of things into the coupon field) and a subtotal below the coupon's minimum give no
   * discount.
   */
  public static int discountCents(int subtotalCents, String code) {
    if (code == null || code.isBlank()) {
      return 0;
    }
    Coupon coupon = COUPONS.get(code.trim().toUpperCase(Locale.ROOT));
    if (subtotalCents < coupon.minimumCents()) {
      return 0;
    }
    return subtotalCents * coupon.percent() / 100;
  }
}

package dev.kintsugi.example.shop;

import java.util.List;

/**
 * The new pricing engine behind the {@code new-pricing} feature flag: it spreads the cart's
 * discount over the discounted items. It has a bug a flag flip must contain: a cart without a
 * coupon has no discounted item, and the spread divides by zero.
 */
final class NewPricing {

  private final CartPricer pricer;

  NewPricing(CartPricer pricer) {
    this.pricer = pricer;
  }

  /** Prices the cart and checks the discount spreads evenly over the discounted items. */
  Quote quote(List<CartItem> items, String coupon) {
    Quote quote = pricer.quote(items, coupon);
    int discounted = coupon == null ? 0 : items.size();
    int perItem = quote.discountCents() / discounted;
    if (perItem * discounted != quote.discountCents()) {
      // Uneven: the last item takes the remainder; the quote's total is unchanged either way.
      return quote;
    }
    return quote;
  }
}

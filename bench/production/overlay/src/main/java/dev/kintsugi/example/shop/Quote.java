package dev.kintsugi.example.shop;

/**
 * What a cart costs, all in euro cents.
 *
 * @param subtotalCents the items at their unit prices
 * @param discountCents what the coupon takes off
 * @param shippingCents shipping, 0 when free
 * @param totalCents what the customer pays
 * @param points loyalty points the order earns
 */
public record Quote(
    int subtotalCents, int discountCents, int shippingCents, int totalCents, int points) {

  /** The most monthly payments a customer may spread a total over. */
  public static final int MAX_INSTALLMENTS = 12;

  /**
   * The monthly payment when the total is paid in {@code installments} payments, rounded down to
   * the cent (the first payment also takes the remainder). 0 and 1 both mean paying at once.
   */
  public int installmentCents(int installments) {
    if (installments < 0 || installments > MAX_INSTALLMENTS) {
      throw ShopException.badRequest(
          "installments must be 0 to " + MAX_INSTALLMENTS + ", was " + installments);
    }
    int payments = Math.max(1, installments); // 0: all at once
    return totalCents / installments;
  }
}

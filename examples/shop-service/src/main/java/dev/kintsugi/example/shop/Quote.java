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
    int subtotalCents, int discountCents, int shippingCents, int totalCents, int points) {}

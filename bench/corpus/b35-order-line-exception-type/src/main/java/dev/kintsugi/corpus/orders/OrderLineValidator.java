package dev.kintsugi.corpus.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates order lines coming from the web shop. Every invalid input is reported
 * with an IllegalArgumentException so that the REST layer maps it to HTTP 400.
 */
public class OrderLineValidator {

    private static final Pattern SKU = Pattern.compile("[A-Z]{2,4}-\\d{3,6}");
    private static final int MAX_QUANTITY = 999;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public void validate(OrderLine line) {
        if (line.sku() == null || !SKU.matcher(line.sku()).matches()) {
            throw new IllegalArgumentException("invalid SKU: " + line.sku());
        }
        if (line.quantity() <= 0 || line.quantity() > MAX_QUANTITY) {
            throw new IllegalStateException("quantity out of range: " + line.quantity());
        }
        if (line.unitPrice() == null || line.unitPrice().signum() < 0) {
            throw new IllegalArgumentException("invalid unit price for " + line.sku());
        }
        BigDecimal discount = line.discountPercent();
        if (discount != null && (discount.signum() < 0 || discount.compareTo(HUNDRED) > 0)) {
            throw new IllegalArgumentException("discount must be within 0..100");
        }
    }

    public void validateAll(List<OrderLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("order has no lines");
        }
        lines.forEach(this::validate);
    }
}

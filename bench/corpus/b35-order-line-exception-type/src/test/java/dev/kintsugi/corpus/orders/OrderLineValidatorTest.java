package dev.kintsugi.corpus.orders;

import static org.junit.Assert.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.Test;

public class OrderLineValidatorTest {

    private final OrderLineValidator validator = new OrderLineValidator();

    private static OrderLine line(String sku, int quantity, String price, String discount) {
        return new OrderLine(sku, quantity, price == null ? null : new BigDecimal(price),
                discount == null ? null : new BigDecimal(discount));
    }

    @Test
    public void acceptsValidLine() {
        validator.validate(line("AB-1234", 3, "19.99", "10"));
        validator.validate(line("WXYZ-000001", 999, "0.00", null));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsMalformedSku() {
        validator.validate(line("ab-12", 1, "1.00", null));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsZeroQuantity() {
        validator.validate(line("AB-1234", 0, "1.00", null));
    }

    @Test
    public void rejectsExcessiveQuantity() {
        assertThrows(IllegalArgumentException.class, () -> validator.validate(line("AB-1234", 1000, "1.00", null)));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNegativePrice() {
        validator.validate(line("AB-1234", 1, "-0.01", null));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsDiscountAboveHundred() {
        validator.validate(line("AB-1234", 1, "5.00", "100.5"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsEmptyOrder() {
        validator.validateAll(List.of());
    }

    @Test
    public void validatesEveryLine() {
        assertThrows(IllegalArgumentException.class, () -> validator.validateAll(List.of(
                line("AB-1234", 1, "5.00", null),
                line("AB-1234", 1, null, null))));
    }
}

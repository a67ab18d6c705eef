package dev.kintsugi.corpus.tax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SalesTaxCalculatorTest {

    private static final Address SEATTLE = new Address("1 Pike St", "Seattle", "WA", "US");
    private static final Address PORTLAND = new Address("9 Burnside", "Portland", "OR", "US");
    private static final Address AUSTIN = new Address("5 Congress Ave", "Austin", "TX", "US");

    private final SalesTaxCalculator calculator = new SalesTaxCalculator(Map.of(
            "US-WA", new BigDecimal("0.065"),
            "US-TX", new BigDecimal("0.0625"),
            "US-OR", BigDecimal.ZERO));

    private static Order order(Address billing, Address shipping, String... lines) {
        return new Order(billing, shipping, List.of(lines).stream().map(BigDecimal::new).toList());
    }

    @Test
    void rateByRegion() {
        assertEquals(new BigDecimal("0.065"), calculator.rateFor(SEATTLE));
    }

    @Test
    void unknownRegionIsUntaxed() {
        assertEquals(BigDecimal.ZERO, calculator.rateFor(new Address("x", "Berlin", "BE", "DE")));
    }

    @Test
    void taxWhenBillingAndShippingMatch() {
        assertEquals(new BigDecimal("6.50"), calculator.taxFor(order(SEATTLE, SEATTLE, "60.00", "40.00")));
    }

    @Test
    void taxUsesShippingDestination() {
        assertEquals(new BigDecimal("0.00"), calculator.taxFor(order(SEATTLE, PORTLAND, "100.00")));
    }

    @Test
    void giftShippedIntoTaxedRegion() {
        assertEquals(new BigDecimal("212.50"), calculator.totalFor(order(PORTLAND, AUSTIN, "200.00")));
    }

    @Test
    void taxIsRoundedHalfUp() {
        assertEquals(new BigDecimal("0.65"), calculator.taxFor(order(AUSTIN, AUSTIN, "10.40")));
    }

    @Test
    void emptyOrder() {
        assertEquals(new BigDecimal("0.00"), calculator.totalFor(order(AUSTIN, AUSTIN)));
    }
}

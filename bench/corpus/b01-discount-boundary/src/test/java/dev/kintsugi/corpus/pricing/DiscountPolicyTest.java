package dev.kintsugi.corpus.pricing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscountPolicyTest {

    private final DiscountPolicy policy = new DiscountPolicy();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.00, NONE",
        "50.00, NONE",
        "99.99, NONE",
        "100.00, SILVER",
        "250.00, SILVER",
        "499.99, SILVER",
        "500.00, GOLD",
        "500.01, GOLD",
        "1999.99, GOLD",
        "2000.00, PLATINUM",
        "7500.00, PLATINUM"
    })
    void tierForSubtotal(String subtotal, DiscountPolicy.Tier expected) {
        assertEquals(expected, policy.tierFor(new BigDecimal(subtotal)));
    }

    @ParameterizedTest
    @CsvSource({"NONE, 0", "SILVER, 5", "GOLD, 10", "PLATINUM, 15"})
    void percentForTier(DiscountPolicy.Tier tier, int percent) {
        assertEquals(percent, policy.percentFor(tier));
    }

    @Test
    void smallOrderPaysFullPrice() {
        assertEquals(new BigDecimal("70.00"),
                policy.discountedTotal(List.of(new BigDecimal("40.00"), new BigDecimal("30.00"))));
    }

    @Test
    void orderReachingGoldThresholdGetsTenPercent() {
        assertEquals(new BigDecimal("450.00"),
                policy.discountedTotal(List.of(new BigDecimal("300.00"), new BigDecimal("200.00"))));
    }

    @Test
    void platinumOrder() {
        assertEquals(new BigDecimal("1700.00"),
                policy.discountedTotal(List.of(new BigDecimal("1000.00"), new BigDecimal("1000.00"))));
    }

    @Test
    void emptyOrderIsFree() {
        assertEquals(new BigDecimal("0.00"), policy.discountedTotal(List.of()));
    }

    @Test
    void negativeSubtotalIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> policy.tierFor(new BigDecimal("-1.00")));
    }
}

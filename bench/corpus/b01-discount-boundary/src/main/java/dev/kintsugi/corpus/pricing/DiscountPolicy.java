package dev.kintsugi.corpus.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Volume discounts for wholesale orders. An order qualifies for a tier as soon
 * as its subtotal reaches the tier's threshold.
 */
public class DiscountPolicy {

    public enum Tier { NONE, SILVER, GOLD, PLATINUM }

    private static final BigDecimal SILVER_THRESHOLD = new BigDecimal("100.00");
    private static final BigDecimal GOLD_THRESHOLD = new BigDecimal("500.00");
    private static final BigDecimal PLATINUM_THRESHOLD = new BigDecimal("2000.00");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Tier tierFor(BigDecimal subtotal) {
        if (subtotal.signum() < 0) {
            throw new IllegalArgumentException("negative subtotal: " + subtotal);
        }
        if (subtotal.compareTo(PLATINUM_THRESHOLD) >= 0) {
            return Tier.PLATINUM;
        }
        if (subtotal.compareTo(GOLD_THRESHOLD) > 0) {
            return Tier.GOLD;
        }
        if (subtotal.compareTo(SILVER_THRESHOLD) >= 0) {
            return Tier.SILVER;
        }
        return Tier.NONE;
    }

    public int percentFor(Tier tier) {
        switch (tier) {
            case PLATINUM:
                return 15;
            case GOLD:
                return 10;
            case SILVER:
                return 5;
            default:
                return 0;
        }
    }

    public BigDecimal subtotal(List<BigDecimal> lineTotals) {
        BigDecimal subtotal = BigDecimal.ZERO;
        for (BigDecimal line : lineTotals) {
            subtotal = subtotal.add(line);
        }
        return subtotal;
    }

    public BigDecimal discountedTotal(List<BigDecimal> lineTotals) {
        BigDecimal subtotal = subtotal(lineTotals);
        int percent = percentFor(tierFor(subtotal));
        BigDecimal discount = subtotal.multiply(BigDecimal.valueOf(percent))
                .divide(HUNDRED, 2, RoundingMode.HALF_UP);
        return subtotal.subtract(discount).setScale(2, RoundingMode.HALF_UP);
    }
}

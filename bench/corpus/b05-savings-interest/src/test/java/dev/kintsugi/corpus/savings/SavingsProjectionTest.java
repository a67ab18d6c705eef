package dev.kintsugi.corpus.savings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class SavingsProjectionTest {

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }

    @Test
    void zeroRateOnlyAccumulatesDeposits() {
        SavingsProjection projection = new SavingsProjection(BigDecimal.ZERO);
        assertEquals(List.of(bd("1600.00"), bd("2200.00")),
                projection.yearlyBalances(bd("1000"), bd("50"), 2));
    }

    @Test
    void zeroYearsKeepsPrincipal() {
        SavingsProjection projection = new SavingsProjection(bd("5"));
        assertEquals(List.of(), projection.yearlyBalances(bd("1000"), bd("50"), 0));
        assertEquals(bd("1000.00"), projection.finalBalance(bd("1000"), bd("50"), 0));
    }

    @Test
    void interestCompoundsMonthly() {
        SavingsProjection projection = new SavingsProjection(bd("12"));
        assertEquals(bd("1126.83"), projection.finalBalance(bd("1000"), BigDecimal.ZERO, 1));
    }

    @Test
    void compoundingOverSeveralYears() {
        SavingsProjection projection = new SavingsProjection(bd("6"));
        assertEquals(List.of(bd("10616.78"), bd("11271.60"), bd("11966.81")),
                projection.yearlyBalances(bd("10000"), BigDecimal.ZERO, 3));
    }

    @Test
    void depositsEarnInterestToo() {
        SavingsProjection projection = new SavingsProjection(bd("12"));
        assertEquals(bd("1268.25"), projection.finalBalance(BigDecimal.ZERO, bd("100"), 1));
    }

    @Test
    void emptyAccountStaysEmpty() {
        SavingsProjection projection = new SavingsProjection(bd("3.5"));
        assertEquals(bd("0.00"), projection.finalBalance(BigDecimal.ZERO, BigDecimal.ZERO, 5));
    }

    @Test
    void negativeInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new SavingsProjection(bd("-1")));
        SavingsProjection projection = new SavingsProjection(bd("1"));
        assertThrows(IllegalArgumentException.class, () -> projection.yearlyBalances(bd("-5"), BigDecimal.ZERO, 1));
    }
}

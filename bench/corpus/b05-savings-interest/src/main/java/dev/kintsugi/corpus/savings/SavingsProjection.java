package dev.kintsugi.corpus.savings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** Projects a savings account with monthly compounding and a fixed monthly deposit. */
public class SavingsProjection {

    private static final BigDecimal MONTHS_TIMES_PERCENT = BigDecimal.valueOf(1200);

    private final BigDecimal annualRatePercent;

    public SavingsProjection(BigDecimal annualRatePercent) {
        if (annualRatePercent.signum() < 0) {
            throw new IllegalArgumentException("rate must not be negative");
        }
        this.annualRatePercent = annualRatePercent;
    }

    /** Balance at the end of each year, rounded to cents. */
    public List<BigDecimal> yearlyBalances(BigDecimal principal, BigDecimal monthlyDeposit, int years) {
        if (principal.signum() < 0 || monthlyDeposit.signum() < 0 || years < 0) {
            throw new IllegalArgumentException("inputs must not be negative");
        }
        BigDecimal monthlyRate = annualRatePercent.divide(MONTHS_TIMES_PERCENT, 12, RoundingMode.HALF_EVEN);
        List<BigDecimal> result = new ArrayList<>();
        BigDecimal balance = principal;
        for (int month = 1; month <= years * 12; month++) {
            BigDecimal interest = principal.multiply(monthlyRate);
            balance = balance.add(interest).add(monthlyDeposit);
            if (month % 12 == 0) {
                result.add(balance.setScale(2, RoundingMode.HALF_EVEN));
            }
        }
        return result;
    }

    public BigDecimal finalBalance(BigDecimal principal, BigDecimal monthlyDeposit, int years) {
        List<BigDecimal> balances = yearlyBalances(principal, monthlyDeposit, years);
        return balances.isEmpty() ? principal.setScale(2, RoundingMode.HALF_EVEN) : balances.get(balances.size() - 1);
    }
}

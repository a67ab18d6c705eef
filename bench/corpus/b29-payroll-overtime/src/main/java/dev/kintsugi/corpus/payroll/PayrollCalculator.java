package dev.kintsugi.corpus.payroll;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Weekly gross pay. Hourly employees are paid time-and-a-half for every hour
 * beyond 40 in a week; salaried employees get a 52nd of their annual salary.
 */
public class PayrollCalculator {

    static final BigDecimal REGULAR_HOURS = BigDecimal.valueOf(40);
    static final BigDecimal OVERTIME_MULTIPLIER = new BigDecimal("1.5");
    private static final BigDecimal MAX_HOURS = BigDecimal.valueOf(168);
    private static final BigDecimal WEEKS_PER_YEAR = BigDecimal.valueOf(52);

    public BigDecimal weeklyGross(Employee employee, BigDecimal hours) {
        if (hours.signum() < 0 || hours.compareTo(MAX_HOURS) > 0) {
            throw new IllegalArgumentException("impossible number of hours: " + hours);
        }
        if (employee.isSalaried()) {
            return employee.annualSalary().divide(WEEKS_PER_YEAR, 2, RoundingMode.HALF_UP);
        }
        BigDecimal rate = employee.hourlyRate();
        return rate.multiply(hours).setScale(2, RoundingMode.HALF_UP);
    }

    public BigDecimal netPay(BigDecimal gross, BigDecimal withholdingRate) {
        if (withholdingRate.signum() < 0 || withholdingRate.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("withholding rate must be between 0 and 1");
        }
        BigDecimal withheld = gross.multiply(withholdingRate).setScale(2, RoundingMode.HALF_UP);
        return gross.subtract(withheld);
    }
}

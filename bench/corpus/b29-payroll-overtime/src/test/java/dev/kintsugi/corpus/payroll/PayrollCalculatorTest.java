package dev.kintsugi.corpus.payroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PayrollCalculatorTest {

    private final PayrollCalculator payroll = new PayrollCalculator();

    @Test
    void regularWeek() {
        assertEquals(new BigDecimal("800.00"), payroll.weeklyGross(Employee.hourly("h1", "20.00"), new BigDecimal("40")));
    }

    @Test
    void partTimeWeek() {
        assertEquals(new BigDecimal("307.50"), payroll.weeklyGross(Employee.hourly("h2", "20.50"), new BigDecimal("15")));
    }

    @Test
    void overtimeIsPaidAtTimeAndAHalf() {
        assertEquals(new BigDecimal("1100.00"), payroll.weeklyGross(Employee.hourly("h1", "20.00"), new BigDecimal("50")));
    }

    @Test
    void fractionalOvertime() {
        assertEquals(new BigDecimal("656.25"), payroll.weeklyGross(Employee.hourly("h3", "15.00"), new BigDecimal("42.5")));
    }

    @Test
    void salariedIgnoresHours() {
        assertEquals(new BigDecimal("1250.00"), payroll.weeklyGross(Employee.salaried("s1", "65000"), new BigDecimal("55")));
    }

    @Test
    void netPayWithholdsTax() {
        assertEquals(new BigDecimal("640.00"), payroll.netPay(new BigDecimal("800.00"), new BigDecimal("0.2")));
    }

    @Test
    void rejectsImpossibleHours() {
        assertThrows(IllegalArgumentException.class,
                () -> payroll.weeklyGross(Employee.hourly("h1", "20.00"), new BigDecimal("169")));
    }

    @Test
    void rejectsBadWithholding() {
        assertThrows(IllegalArgumentException.class, () -> payroll.netPay(BigDecimal.TEN, new BigDecimal("1.5")));
    }
}

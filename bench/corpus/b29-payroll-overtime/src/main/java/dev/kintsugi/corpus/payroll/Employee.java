package dev.kintsugi.corpus.payroll;

import java.math.BigDecimal;

/** Either hourly (hourlyRate set) or salaried (annualSalary set). */
public record Employee(String id, BigDecimal hourlyRate, BigDecimal annualSalary) {

    public static Employee hourly(String id, String rate) {
        return new Employee(id, new BigDecimal(rate), null);
    }

    public static Employee salaried(String id, String salary) {
        return new Employee(id, null, new BigDecimal(salary));
    }

    public boolean isSalaried() {
        return annualSalary != null;
    }
}

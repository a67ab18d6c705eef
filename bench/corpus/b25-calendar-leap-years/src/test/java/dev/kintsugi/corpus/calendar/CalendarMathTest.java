package dev.kintsugi.corpus.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CalendarMathTest {

    static IntStream years() {
        return IntStream.rangeClosed(1890, 2049);
    }

    @ParameterizedTest(name = "leap year {0}")
    @MethodSource("years")
    void leapYearsMatchTheGregorianRules(int year) {
        assertEquals(Year.isLeap(year), CalendarMath.isLeapYear(year));
    }

    @ParameterizedTest(name = "{0}-{1} has {2} days")
    @CsvSource({
        "2023, 1, 31", "2023, 2, 28", "2023, 3, 31", "2023, 4, 30", "2023, 5, 31", "2023, 6, 30",
        "2023, 7, 31", "2023, 8, 31", "2023, 9, 30", "2023, 10, 31", "2023, 11, 30", "2023, 12, 31",
        "2024, 2, 29", "2020, 2, 29", "2019, 2, 28", "1996, 2, 29", "1900, 2, 28", "2000, 2, 29",
        "2100, 2, 28", "2400, 2, 29", "1999, 12, 31", "2001, 6, 30", "1970, 1, 31", "2038, 1, 31"
    })
    void daysInMonth(int year, int month, int expected) {
        assertEquals(expected, CalendarMath.daysInMonth(year, month));
        assertEquals(YearMonth.of(year, month).lengthOfMonth(), CalendarMath.daysInMonth(year, month));
    }

    @ParameterizedTest(name = "{0}-{1}-{2}")
    @CsvSource({
        "2024, 1, 1", "2024, 2, 29", "2024, 3, 1", "2024, 12, 31", "2023, 12, 31",
        "1970, 1, 1", "1999, 12, 31", "2000, 1, 1", "2000, 2, 28", "2000, 3, 1",
        "1900, 3, 1", "1969, 7, 20", "1989, 11, 9", "2001, 9, 11", "2038, 1, 19",
        "1912, 4, 15", "1955, 11, 5", "2015, 10, 21", "2012, 6, 30", "2024, 7, 4"
    })
    void dayOfWeekMatchesJavaTime(int year, int month, int day) {
        DayOfWeek expected = LocalDate.of(year, month, day).getDayOfWeek();
        assertEquals(expected, CalendarMath.dayOfWeek(year, month, day));
    }

    @ParameterizedTest(name = "{0}-{1}-{2}")
    @CsvSource({
        "2023, 1, 1", "2023, 3, 1", "2023, 12, 31", "2024, 3, 1", "2024, 12, 31",
        "2019, 7, 15", "2021, 10, 31", "1995, 5, 5", "2022, 2, 28", "2025, 11, 30"
    })
    void dayOfYearMatchesJavaTime(int year, int month, int day) {
        assertEquals(LocalDate.of(year, month, day).getDayOfYear(), CalendarMath.dayOfYear(year, month, day));
    }

    @Test
    void daysInYear() {
        assertEquals(366, CalendarMath.daysInYear(2024));
        assertEquals(365, CalendarMath.daysInYear(2023));
    }

    @Test
    void invalidMonthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CalendarMath.daysInMonth(2024, 13));
    }

    @Test
    void invalidDayIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CalendarMath.dayOfWeek(2023, 2, 29));
        assertThrows(IllegalArgumentException.class, () -> CalendarMath.dayOfYear(2023, 4, 31));
    }

    @Test
    void yearZeroIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> CalendarMath.dayOfWeek(0, 1, 1));
    }
}

package dev.kintsugi.corpus.calendar;

import java.time.DayOfWeek;

/** Gregorian calendar arithmetic for the embedded scheduler (no java.time on the device). */
public final class CalendarMath {

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    private static final int[] SAKAMOTO = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};

    private CalendarMath() {
    }

    public static boolean isLeapYear(int year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 != 0);
    }

    public static int daysInMonth(int year, int month) {
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("month out of range: " + month);
        }
        if (month == 2 && isLeapYear(year)) {
            return 29;
        }
        return DAYS_IN_MONTH[month - 1];
    }

    public static int daysInYear(int year) {
        return isLeapYear(year) ? 366 : 365;
    }

    /** 1-based ordinal day within the year. */
    public static int dayOfYear(int year, int month, int day) {
        validate(year, month, day);
        int ordinal = day;
        for (int m = 1; m < month; m++) {
            ordinal += daysInMonth(year, m);
        }
        return ordinal;
    }

    public static DayOfWeek dayOfWeek(int year, int month, int day) {
        validate(year, month, day);
        int y = month < 3 ? year - 1 : year;
        int w = (y + y / 4 - y / 100 + y / 400 + SAKAMOTO[month - 1] + day) % 7;
        return DayOfWeek.of(w == 0 ? 7 : w);
    }

    public static void validate(int year, int month, int day) {
        if (year < 1) {
            throw new IllegalArgumentException("year out of range: " + year);
        }
        if (day < 1 || day > daysInMonth(year, month)) {
            throw new IllegalArgumentException("day out of range: " + year + "-" + month + "-" + day);
        }
    }
}

package dev.kintsugi.corpus.weather;

/** Unit conversions for the weather station feed. */
public final class Temperature {

    public static final double ABSOLUTE_ZERO_C = -273.15;

    private Temperature() {
    }

    public static double celsiusToFahrenheit(double celsius) {
        return celsius * 9.0 / 5.0 + 32.0;
    }

    public static double fahrenheitToCelsius(double fahrenheit) {
        return (fahrenheit + 32.0) * 5.0 / 9.0;
    }

    public static double celsiusToKelvin(double celsius) {
        if (celsius < ABSOLUTE_ZERO_C) {
            throw new IllegalArgumentException("below absolute zero: " + celsius);
        }
        return celsius - ABSOLUTE_ZERO_C;
    }

    public static double kelvinToCelsius(double kelvin) {
        if (kelvin < 0) {
            throw new IllegalArgumentException("negative kelvin: " + kelvin);
        }
        return kelvin + ABSOLUTE_ZERO_C;
    }

    /** Parses readings such as "21.5C", "70F" or "300K" and returns degrees Celsius. */
    public static double parseToCelsius(String reading) {
        String trimmed = reading.trim().toUpperCase();
        double value = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1));
        switch (trimmed.charAt(trimmed.length() - 1)) {
            case 'C':
                return value;
            case 'F':
                return fahrenheitToCelsius(value);
            case 'K':
                return kelvinToCelsius(value);
            default:
                throw new IllegalArgumentException("unknown unit in " + reading);
        }
    }
}

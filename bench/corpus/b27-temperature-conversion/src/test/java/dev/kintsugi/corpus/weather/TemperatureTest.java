package dev.kintsugi.corpus.weather;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class TemperatureTest {

    private static final double DELTA = 1e-9;

    @Test
    public void freezingPointInFahrenheit() {
        assertEquals(32.0, Temperature.celsiusToFahrenheit(0.0), DELTA);
    }

    @Test
    public void boilingPointInFahrenheit() {
        assertEquals(212.0, Temperature.celsiusToFahrenheit(100.0), DELTA);
    }

    @Test
    public void fahrenheitToCelsius() {
        assertEquals(100.0, Temperature.fahrenheitToCelsius(212.0), DELTA);
        assertEquals(-40.0, Temperature.fahrenheitToCelsius(-40.0), DELTA);
    }

    @Test
    public void kelvinRoundTrip() {
        assertEquals(21.5, Temperature.kelvinToCelsius(Temperature.celsiusToKelvin(21.5)), DELTA);
        assertEquals(273.15, Temperature.celsiusToKelvin(0.0), DELTA);
    }

    @Test
    public void parsesCelsiusAndKelvin() {
        assertEquals(21.5, Temperature.parseToCelsius(" 21.5c "), DELTA);
        assertEquals(26.85, Temperature.parseToCelsius("300K"), DELTA);
    }

    @Test
    public void parsesFahrenheit() {
        assertEquals(0.0, Temperature.parseToCelsius("32F"), DELTA);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsBelowAbsoluteZero() {
        Temperature.celsiusToKelvin(-300.0);
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsUnknownUnit() {
        Temperature.parseToCelsius("12X");
    }
}

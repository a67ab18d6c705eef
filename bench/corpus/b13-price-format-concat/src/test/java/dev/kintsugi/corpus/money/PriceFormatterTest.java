package dev.kintsugi.corpus.money;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PriceFormatterTest {

    private final PriceFormatter formatter = new PriceFormatter();

    @Test
    void dollars() {
        assertEquals("$12.34", formatter.format(1234, "USD"));
    }

    @Test
    void poundsWithGrouping() {
        assertEquals("£1,234,567.89", formatter.format(123456789, "GBP"));
    }

    @Test
    void negativeDollars() {
        assertEquals("-A$0.05", formatter.format(-5, "AUD"));
    }

    @Test
    void zero() {
        assertEquals("$0.00", formatter.format(0, "USD"));
    }

    @Test
    void eurosPutTheSymbolAfterTheAmount() {
        assertEquals("1.234,50 €", formatter.format(123450, "EUR"));
    }

    @Test
    void negativeKronor() {
        assertEquals("-99,90 kr", formatter.format(-9990, "SEK"));
    }

    @Test
    void amountGrouping() {
        assertEquals("1 000 000|00", PriceFormatter.amount(100000000, ' ', '|'));
        assertEquals("999.01", PriceFormatter.amount(99901, ',', '.'));
    }

    @Test
    void unknownCurrency() {
        assertThrows(IllegalArgumentException.class, () -> formatter.format(100, "XYZ"));
    }
}

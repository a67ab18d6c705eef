package dev.kintsugi.corpus.invoicing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class InvoiceTotalsTest {

    private final InvoiceTotals totals = new InvoiceTotals(1_900);

    @Test
    void lineTotal() {
        assertEquals(5_997, totals.lineTotalCents(new InvoiceLine("Cable", 1_999, 3)));
    }

    @Test
    void netSumsLines() {
        assertEquals(11_000, totals.netCents(List.of(
                new InvoiceLine("Desk", 10_000, 1),
                new InvoiceLine("Lamp", 500, 2))));
    }

    @Test
    void vatIsRoundedHalfUp() {
        assertEquals(19, totals.vatCents(List.of(new InvoiceLine("Pen", 99, 1))));
        assertEquals(2_090, totals.vatCents(List.of(new InvoiceLine("Desk", 11_000, 1))));
    }

    @Test
    void grossIncludesVat() {
        assertEquals(13_090, totals.grossCents(List.of(new InvoiceLine("Desk", 11_000, 1))));
    }

    @Test
    void largeFleetOrderDoesNotOverflow() {
        InvoiceLine trucks = new InvoiceLine("Truck", 12_500_000, 400);
        assertEquals(5_000_000_000L, totals.lineTotalCents(trucks));
    }

    @Test
    void largeOrderGross() {
        assertEquals(5_950_000_000L, totals.grossCents(List.of(new InvoiceLine("Server rack", 25_000_000, 100),
                new InvoiceLine("Server rack", 25_000_000, 100))));
    }

    @Test
    void formatsCents() {
        assertEquals("1234.05", InvoiceTotals.format(123_405));
    }

    @Test
    void rejectsNegativeQuantity() {
        assertThrows(IllegalArgumentException.class, () -> new InvoiceLine("x", 1, -1));
    }
}

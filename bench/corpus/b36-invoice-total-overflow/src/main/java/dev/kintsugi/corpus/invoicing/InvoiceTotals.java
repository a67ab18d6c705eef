package dev.kintsugi.corpus.invoicing;

import java.util.List;

/** Totals for B2B invoices; amounts are kept in cents as longs. */
public class InvoiceTotals {

    private final int vatBasisPoints;

    public InvoiceTotals(int vatBasisPoints) {
        this.vatBasisPoints = vatBasisPoints;
    }

    public long lineTotalCents(InvoiceLine line) {
        return line.unitPriceCents() * line.quantity();
    }

    public long netCents(List<InvoiceLine> lines) {
        long total = 0;
        for (InvoiceLine line : lines) {
            total += lineTotalCents(line);
        }
        return total;
    }

    /** VAT rounded half up to the cent. */
    public long vatCents(List<InvoiceLine> lines) {
        long net = netCents(lines);
        return (net * vatBasisPoints + 5_000) / 10_000;
    }

    public long grossCents(List<InvoiceLine> lines) {
        return netCents(lines) + vatCents(lines);
    }

    public static String format(long cents) {
        return String.format("%d.%02d", cents / 100, cents % 100);
    }
}

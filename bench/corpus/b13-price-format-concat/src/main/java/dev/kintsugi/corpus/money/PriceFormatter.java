package dev.kintsugi.corpus.money;

import java.util.Map;

/**
 * Formats amounts given in minor units (cents) for receipts. Dollar and pound
 * symbols go in front of the amount; euro, krona and zloty go after it.
 */
public class PriceFormatter {

    private static final Map<String, String> PREFIXES = Map.of("USD", "$", "GBP", "£", "AUD", "A$");
    private static final Map<String, String> SUFFIXES = Map.of("EUR", " €", "SEK", " kr", "PLN", " zł");

    public String format(long cents, String currency) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        String prefix = PREFIXES.get(currency);
        if (prefix != null) {
            return sign + prefix + amount(abs, ',', '.');
        }
        String suffix = SUFFIXES.get(currency);
        if (suffix != null) {
            String amount = amount(abs, '.', ',');
            String body = suffix + amount;
            return sign + body;
        }
        throw new IllegalArgumentException("unsupported currency " + currency);
    }

    static String amount(long cents, char groupSeparator, char decimalSeparator) {
        String whole = Long.toString(cents / 100);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(groupSeparator);
            }
            grouped.append(whole.charAt(i));
        }
        long fraction = cents % 100;
        return grouped.toString() + decimalSeparator + (fraction < 10 ? "0" : "") + fraction;
    }
}

package dev.kintsugi.corpus.orders;

import java.math.BigDecimal;

public record OrderLine(String sku, int quantity, BigDecimal unitPrice, BigDecimal discountPercent) {
}

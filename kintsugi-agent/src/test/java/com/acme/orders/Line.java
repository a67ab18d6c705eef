package com.acme.orders;

import java.math.BigDecimal;

/** An order line (a record: snapshots list its components in order). */
public record Line(String sku, int quantity, BigDecimal unitPrice) {}

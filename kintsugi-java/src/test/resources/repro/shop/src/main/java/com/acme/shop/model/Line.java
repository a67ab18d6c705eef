package com.acme.shop.model;

import java.math.BigDecimal;

public record Line(String sku, int quantity, BigDecimal price) {}

package com.acme.shop.model;

public record Money(long cents, String currency) {
  public Money {
    if (currency.length() != 3) {
      throw new IllegalArgumentException("currency");
    }
  }
}

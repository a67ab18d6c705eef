package com.acme.shop;

public class Customer {
  private final String name;
  private final int tier;

  public Customer(String name, int tier) {
    this.name = name;
    this.tier = tier;
  }

  int discountPercent() {
    return 100 / tier + name.length() * 0;
  }
}

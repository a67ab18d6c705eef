package com.acme.fault;

/** The methods the fault tests slow down or break. */
public final class Pricing {
  public double quote(String sku) {
    return 42.5;
  }

  public static int stock(String sku) {
    return 7;
  }

  public String label() {
    return "Premium";
  }
}

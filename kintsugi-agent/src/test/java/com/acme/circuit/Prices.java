package com.acme.circuit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Methods of every return kind a circuit's fallback converts to. */
public final class Prices {
  private int audits;

  public double quote(String sku) {
    return 42.5;
  }

  public double quote(String sku, int quantity) {
    return 42.5 * quantity;
  }

  public static int stock(String sku) {
    return 7;
  }

  public String label() {
    return "Premium";
  }

  public List<String> tags() {
    return List.of("new");
  }

  public Map<String, Integer> discounts() {
    return Map.of("vip", 10);
  }

  public Optional<String> coupon() {
    return Optional.of("SAVE5");
  }

  public boolean available() {
    return true;
  }

  public Long ledger() {
    return 99L;
  }

  public void audit() {
    audits++;
  }

  public int audits() {
    return audits;
  }
}

package com.acme.orders;

/** A customer; its password field must arrive as [Filtered]. */
public final class Customer {
  final String name;
  final String password;
  final Tier tier;

  public Customer(String name, String password, Tier tier) {
    this.name = name;
    this.password = password;
    this.tier = tier;
  }

  /** A customer tier (enum snapshots are the constant's name). */
  public enum Tier {
    GOLD,
    SILVER
  }
}

package com.acme.orders;

import java.util.List;

/** An order with nested values, a secret-named field and a card number in a note. */
public final class Order {
  final String id;
  final Customer customer;
  final List<Line> lines;
  final String note;
  private final transient Object cache = new Object();

  public Order(String id, Customer customer, List<Line> lines, String note) {
    this.id = id;
    this.customer = customer;
    this.lines = lines;
    this.note = note;
  }

  @Override
  public String toString() {
    throw new AssertionError("the agent must not call toString() of application objects");
  }

  @Override
  public int hashCode() {
    throw new AssertionError("the agent must not call hashCode() of application objects");
  }

  @Override
  public boolean equals(Object o) {
    throw new AssertionError("the agent must not call equals() of application objects");
  }

  Object cache() {
    return cache;
  }
}

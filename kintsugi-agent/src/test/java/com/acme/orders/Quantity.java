package com.acme.orders;

/** Throws from its constructor (constructors are not instrumented) and from a static method. */
public final class Quantity {
  final int value;

  public Quantity(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative quantity " + value);
    }
    this.value = value;
  }

  public static int parse(String text) {
    return Integer.parseInt(text.trim());
  }

  public int doubled() {
    return value * 2;
  }
}

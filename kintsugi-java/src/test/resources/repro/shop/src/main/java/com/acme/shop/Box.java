package com.acme.shop;

public class Box<T> {
  private final T value;

  public Box(T value) {
    this.value = value;
  }

  T orElse(T fallback) {
    if (value == null && fallback == null) {
      throw new IllegalStateException("empty box");
    }
    return value == null ? fallback : value;
  }
}

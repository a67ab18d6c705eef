package com.acme.shop;

public class Counter {
  private int count;

  public Counter() {}

  public Counter(int start) {
    if (start < 0) {
      throw new IllegalArgumentException("start must not be negative");
    }
    this.count = start;
  }

  public int next(int step) {
    if (step == 0) {
      throw new IllegalArgumentException("step must not be 0");
    }
    count += step;
    return count;
  }
}

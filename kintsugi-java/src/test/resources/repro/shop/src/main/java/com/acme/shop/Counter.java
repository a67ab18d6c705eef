package com.acme.shop;

public class Counter {
  private int count;

  public int next(int step) {
    if (step == 0) {
      throw new IllegalArgumentException("step must not be 0");
    }
    count += step;
    return count;
  }
}

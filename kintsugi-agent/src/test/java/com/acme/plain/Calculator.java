package com.acme.plain;

/** Compiled without -parameters: the agent names its parameters arg0, arg1. */
public final class Calculator {
  private final int scale;

  public Calculator(int scale) {
    this.scale = scale;
  }

  int divide(int dividend, int divisor) {
    return scale * dividend / divisor;
  }

  public static void main(String[] args) {
    System.out.println(new Calculator(3).divide(10, 0));
  }
}

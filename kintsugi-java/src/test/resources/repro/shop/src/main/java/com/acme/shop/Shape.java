package com.acme.shop;

public abstract class Shape {
  abstract double area();

  String describe(int precision) {
    return String.format("%." + precision + "f", area());
  }
}

package com.acme.shop;

public final class Circle extends Shape {
  private final double radius;

  public Circle(double radius) {
    this.radius = radius;
  }

  @Override
  double area() {
    if (radius < 0) {
      throw new IllegalStateException("negative radius");
    }
    return Math.PI * radius * radius;
  }
}

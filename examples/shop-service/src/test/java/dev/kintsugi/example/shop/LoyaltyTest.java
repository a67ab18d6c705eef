package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoyaltyTest {

  @Test
  void onePointPerFullEuro() {
    assertEquals(25, Loyalty.points(2599, 1));
    assertEquals(100, Loyalty.points(10_000, 1));
  }

  @Test
  void lessThanAEuroEarnsNothing() {
    assertEquals(0, Loyalty.points(99, 1));
  }
}

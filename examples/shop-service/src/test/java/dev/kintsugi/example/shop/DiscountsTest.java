package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DiscountsTest {

  @Test
  void noCodeOrBlankCodeGivesNoDiscount() {
    assertEquals(0, Discounts.discountCents(2000, null));
    assertEquals(0, Discounts.discountCents(2000, "   "));
  }

  @Test
  void welcomeCouponTakesTenPercentRoundedDown() {
    assertEquals(200, Discounts.discountCents(2000, "WELCOME10"));
    assertEquals(199, Discounts.discountCents(1999, "WELCOME10"));
  }

  @Test
  void codesAreCaseInsensitiveAndTrimmed() {
    assertEquals(1000, Discounts.discountCents(4000, " summer25 "));
  }

  @Test
  void couponBelowItsMinimumGivesNoDiscount() {
    assertEquals(0, Discounts.discountCents(3999, "SUMMER25"));
  }
}

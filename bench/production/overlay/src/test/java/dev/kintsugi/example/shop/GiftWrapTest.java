package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GiftWrapTest {

  @Test
  void aMessageComesOnACard() {
    assertEquals(
        CartPricer.WRAP_CENTS + CartPricer.CARD_CENTS,
        CartPricer.giftWrapCents("Happy birthday, Ada!"));
  }

  @Test
  void aLongMessageNeedsAFoldedCard() {
    assertEquals(
        CartPricer.WRAP_CENTS + CartPricer.FOLDED_CARD_CENTS,
        CartPricer.giftWrapCents("x".repeat(CartPricer.CARD_CHARS + 1)));
  }
}

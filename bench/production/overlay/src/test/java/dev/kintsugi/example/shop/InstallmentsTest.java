package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InstallmentsTest {

  private final Quote quote = new Quote(3870, 0, 590, 4460, 37);

  @Test
  void oneInstallmentIsTheTotal() {
    assertEquals(4460, quote.installmentCents(1));
  }

  @Test
  void installmentsAreRoundedDown() {
    assertEquals(1486, quote.installmentCents(3));
    assertEquals(371, quote.installmentCents(Quote.MAX_INSTALLMENTS));
  }

  @Test
  void atMostTwelveInstallments() {
    assertThrows(ShopException.class, () -> quote.installmentCents(13));
    assertThrows(ShopException.class, () -> quote.installmentCents(-1));
  }
}

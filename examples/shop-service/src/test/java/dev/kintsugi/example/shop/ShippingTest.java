package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShippingTest {

  @Test
  void parcelsArePricedPerStartedKilo() {
    assertEquals(0, Shipping.costCents(0));
    assertEquals(490, Shipping.costCents(250));
    assertEquals(490, Shipping.costCents(1000));
    assertEquals(590, Shipping.costCents(1001));
    assertEquals(890, Shipping.costCents(5000));
  }

  @Test
  void heavyParcelsGoByFreight() {
    assertEquals(Shipping.FREIGHT_CENTS, Shipping.costCents(12_000));
  }

  @Test
  void negativeWeightIsRejected() {
    assertThrows(ShopException.class, () -> Shipping.costCents(-1));
  }

  @Test
  void cartsFromFiftyEuroShipForFree() {
    assertEquals(0, Shipping.forCart(5000, 800));
    assertEquals(490, Shipping.forCart(4999, 800));
  }
}

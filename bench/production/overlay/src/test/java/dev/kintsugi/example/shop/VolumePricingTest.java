package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumePricingTest {

  private final Catalog catalog = Catalog.sample();

  @Test
  void oneUnitAtTheListPrice() {
    assertEquals(1490, catalog.require("MUG-01").unitCents(1));
  }

  @Test
  void moreUnitsCostLessEach() {
    Product mug = catalog.require("MUG-01");
    assertEquals(1415, mug.unitCents(2)); // 5% off, rounded down
    assertEquals(1370, mug.unitCents(3)); // 8% off
    assertEquals(1341, mug.unitCents(4)); // 10% off
  }

  @Test
  void giftCardsAreSoldAtFaceValue() {
    assertEquals(2500, catalog.require("GIFT-25").unitCents(3));
  }

  @Test
  void quantityMustBePositive() {
    assertThrows(ShopException.class, () -> catalog.require("MUG-01").unitCents(0));
  }
}

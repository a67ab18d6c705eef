package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CartPricerTest {

  private final CartPricer pricer = new CartPricer(Catalog.sample());

  @Test
  void quotesSubtotalShippingAndPoints() {
    Quote quote =
        pricer.quote(List.of(new CartItem("MUG-01", 2), new CartItem("TEA-01", 1)), null);
    // 2 x 14.90 + 8.90 = 38.70; 1020 g = 2 started kilos = 5.90; 29 + 8 points
    assertEquals(new Quote(3870, 0, 590, 4460, 37), quote);
  }

  @Test
  void couponCanBringTheCartUnderTheFreeShippingThreshold() {
    Quote quote = pricer.quote(List.of(new CartItem("TEA-02", 4)), "welcome10");
    // 4 x 12.90 = 51.60, minus 5.16 = 46.44: not free any more; 1120 g = 2 kilos
    assertEquals(new Quote(5160, 516, 590, 5234, 51), quote);
  }

  @Test
  void bigCartsShipForFree() {
    Quote quote = pricer.quote(List.of(new CartItem("KIT-01", 2)), null);
    assertEquals(new Quote(7980, 0, 0, 7980, 79), quote);
  }

  @Test
  void unknownProductIsNotFound() {
    ShopException e =
        assertThrows(
            ShopException.class, () -> pricer.quote(List.of(new CartItem("NOPE-1", 1)), null));
    assertEquals(404, e.status());
  }
}

package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderTrackingTest {

  private final OrderBook book = OrderBook.sample();

  @Test
  void tracksPlacedShippedAndDeliveredOrders() {
    assertEquals(
        "placed on 2026-03-21, being packed", book.find("A-1007").orElseThrow().tracking());
    assertEquals("on its way", book.find("A-1005").orElseThrow().tracking());
    assertEquals("delivered", book.find("A-1001").orElseThrow().tracking());
  }

  @Test
  void findsOrdersByTheIdsCustomersType() {
    for (String typed : List.of("A-1003", "a-1003", "A1003", "#1003", "1003", " 1003 ")) {
      assertEquals("A-1003", book.find(typed).orElseThrow().id(), typed);
    }
    assertTrue(book.find("A-1999").isEmpty());
  }
}

package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OrderBookTest {

  private final OrderBook book = OrderBook.sample();

  @Test
  void findsOrdersById() {
    Order order = book.find("A-1003").orElseThrow();
    assertEquals("ada", order.customer());
    assertEquals(2490, order.totalCents());
    assertTrue(book.find("A-9999").isEmpty());
  }

  @Test
  void recentOrdersAreTheLatestOnesOldestFirst() {
    assertEquals(List.of("A-1006", "A-1007"), ids(book.recent("ada", 2)));
    assertEquals(List.of("A-1007"), ids(book.recent("ada", 1)));
  }

  @Test
  void recentOrdersCanBeAllOfThem() {
    assertEquals(List.of("A-1002", "A-1008"), ids(book.recent("grace", 2)));
  }

  @Test
  void negativeCountIsRejected() {
    assertThrows(ShopException.class, () -> book.recent("ada", -1));
  }

  private static List<String> ids(List<Order> orders) {
    return orders.stream().map(Order::id).toList();
  }
}

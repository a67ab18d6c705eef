package dev.kintsugi.example.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placed orders, by id and by customer (oldest first). Thread-safe. */
public final class OrderBook {

  private final Map<String, Order> byId = new LinkedHashMap<>();
  private final Map<String, List<String>> idsByCustomer = new HashMap<>();

  /** An empty order book. */
  public OrderBook() {}

  /** The demo shop's order history. */
  public static OrderBook sample() {
    OrderBook book = new OrderBook();
    book.add(order("A-1001", "ada", "2026-01-05", Order.Status.DELIVERED, "MUG-01", 2, 1490));
    book.add(order("A-1002", "grace", "2026-01-19", Order.Status.DELIVERED, "TEA-01", 3, 890));
    book.add(order("A-1003", "ada", "2026-02-02", Order.Status.DELIVERED, "BOOK-01", 1, 2490));
    book.add(order("A-1004", "ada", "2026-02-27", Order.Status.CANCELLED, "KIT-01", 1, 3990));
    book.add(order("A-1005", "linus", "2026-03-08", Order.Status.SHIPPED, "MUG-02", 1, 1890));
    book.add(order("A-1006", "ada", "2026-03-15", Order.Status.SHIPPED, "TEA-02", 2, 1290));
    book.add(order("A-1007", "ada", "2026-03-21", Order.Status.PLACED, "GIFT-25", 1, 2500));
    book.add(order("A-1008", "grace", "2026-03-22", Order.Status.PLACED, "KIT-01", 1, 3990));
    book.add(order("A-1009", "hedy", "2026-03-24", Order.Status.CANCELLED, "TEA-02", 2, 1290));
    return book;
  }

  private static Order order(
      String id, String customer, String on, Order.Status status, String sku, int qty, int cents) {
    return new Order(id, customer, on, status, List.of(new Order.Line(sku, qty, cents)));
  }

  /** Records an order; orders are added in the order they were placed. */
  public synchronized void add(Order order) {
    if (byId.putIfAbsent(order.id(), order) != null) {
      throw new IllegalArgumentException("duplicate order id " + order.id());
    }
    idsByCustomer.computeIfAbsent(order.customer(), c -> new ArrayList<>()).add(order.id());
  }

  /** The order with this id, if any; the id as customers type it (see {@link #canonicalId}). */
  public synchronized Optional<Order> find(String id) {
    return Optional.ofNullable(byId.get(canonicalId(id.trim())));
  }

  /**
   * An order id as the shop writes it. Customers type {@code a-1003}, {@code A1003}, {@code #1003}
   * or just {@code 1003} into the support form: the digits from the first one on, after {@code
   * A-}. An id without a digit is returned as it is (no order has one).
   */
  public static String canonicalId(String id) {
    for (int i = 0; i <= id.length(); i++) {
      if (Character.isDigit(id.charAt(i))) {
        return "A-" + id.substring(i);
      }
    }
    return id;
  }

  /** How many orders the customer has placed. */
  public synchronized int count(String customer) {
    return idsByCustomer.getOrDefault(customer, List.of()).size();
  }

  /**
   * The customer's {@code count} most recent orders, oldest first; all of them when the customer
   * has fewer (the account page asks for the last 10).
   */
  public synchronized List<Order> recent(String customer, int count) {
    if (count < 0) {
      throw ShopException.badRequest("count must not be negative: " + count);
    }
    List<String> ids = idsByCustomer.getOrDefault(customer, List.of());
    int from = ids.size() - count;
    List<Order> orders = new ArrayList<>();
    for (String id : ids.subList(from, ids.size())) {
      orders.add(byId.get(id));
    }
    return orders;
  }
}

package dev.kintsugi.bench.agent.app;

/**
 * In-app code that throws through three frames ({@code place} → {@code validate} → {@code
 * Pricing.price}), each with arguments for the agent to snapshot.
 */
public final class Checkout {
  private final String store;
  private int attempts;

  public Checkout(String store) {
    this.store = store;
  }

  public int place(Cart cart, int quantity) {
    attempts++;
    return validate(cart, quantity) + store.length();
  }

  private int validate(Cart cart, int quantity) {
    return Pricing.price(cart.sku(), quantity, cart.unitCents()) * 2;
  }

  /** A small argument object. */
  public static final class Cart {
    private final String sku;
    private final int unitCents;
    // Snapshotted with the cart: an array of the argument object.
    private final int[] history = {3, 1, 4, 1, 5};

    public Cart(String sku, int unitCents) {
      this.sku = sku;
      this.unitCents = unitCents;
    }

    String sku() {
      return sku;
    }

    int unitCents() {
      return unitCents;
    }
  }

  static final class Pricing {
    private Pricing() {}

    static int price(String sku, int quantity, int unitCents) {
      if (quantity <= 0) {
        throw new IllegalArgumentException("quantity of " + sku + " must be positive");
      }
      return quantity * unitCents;
    }
  }
}

package dev.kintsugi.example.shop;

/** What shipping a parcel costs. */
public final class Shipping {

  /** Parcel price by started kilo: index 0 is an empty parcel, 1 up to 1 kg, ... 5 up to 5 kg. */
  private static final int[] PARCEL_CENTS = {0, 490, 590, 690, 790, 890};

  /** Parcels heavier than the table go by freight, at one price. */
  static final int FREIGHT_CENTS = 2490;

  /** Carts worth at least this much (after discount) ship for free. */
  static final int FREE_FROM_CENTS = 5000;

  private Shipping() {}

  /** The shipping price of a parcel of {@code grams}: the parcel table, then freight. */
  public static int costCents(int grams) {
    if (grams < 0) {
      throw ShopException.badRequest("weight must not be negative: " + grams);
    }
    int kilos = (grams + 999) / 1000; // started kilos
    return kilos <= PARCEL_CENTS.length ? PARCEL_CENTS[kilos] : FREIGHT_CENTS;
  }

  /** The shipping price of a cart: free from {@link #FREE_FROM_CENTS}, else by weight. */
  public static int forCart(int paidCents, int grams) {
    return paidCents >= FREE_FROM_CENTS ? 0 : costCents(grams);
  }
}

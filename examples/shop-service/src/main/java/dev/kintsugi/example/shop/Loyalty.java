package dev.kintsugi.example.shop;

/** Loyalty points: customers earn points for every full euro they pay. */
public final class Loyalty {

  private static final int CENTS_PER_EURO = 100;

  private Loyalty() {}

  /**
   * The points earned by paying {@code paidCents} for a product that earns {@code pointsPerEuro}
   * points per full euro (1 for most products, 0 for gift cards, which earn no points).
   */
  public static int points(int paidCents, int pointsPerEuro) {
    return paidCents / CENTS_PER_EURO / pointsPerEuro;
  }
}

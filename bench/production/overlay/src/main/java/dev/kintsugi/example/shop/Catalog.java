package dev.kintsugi.example.shop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The products on sale, by SKU, in listing order. Immutable. */
public final class Catalog {

  private final Map<String, Product> bySku = new LinkedHashMap<>();

  public Catalog(List<Product> products) {
    for (Product product : products) {
      if (bySku.put(product.sku(), product) != null) {
        throw new IllegalArgumentException("duplicate sku " + product.sku());
      }
    }
  }

  /** The demo shop's products. */
  public static Catalog sample() {
    return new Catalog(
        List.of(
            new Product("MUG-01", "Kintsugi mug", "mugs", 1490, 450, 1),
            new Product("MUG-02", "Espresso cups, pair", "mugs", 1890, 380, 1),
            new Product("TEA-01", "Sencha, 100 g", "tea", 890, 120, 1),
            new Product("TEA-02", "Genmaicha, 250 g", "tea", 1290, 280, 1),
            new Product("BOOK-01", "The Art of Golden Repair", "books", 2490, 620, 1),
            new Product("KIT-01", "Gold repair kit", "kits", 3990, 900, 1),
            new Product("GIFT-25", "Gift card, 25 EUR", "gift-cards", 2500, 0, 0),
            new Product("GIFT-50", "Gift card, 50 EUR", "gift-cards", 5000, 0, 0)));
  }

  /** The product with this SKU (case-insensitive), if any. */
  public Optional<Product> find(String sku) {
    return Optional.ofNullable(bySku.get(sku.trim().toUpperCase(Locale.ROOT)));
  }

  /** The product with this SKU; a 404 for the client when there is none. */
  public Product require(String sku) {
    return find(sku).orElseThrow(() -> ShopException.notFound("unknown product " + sku));
  }

  /** All products, or those of one category when {@code category} is not null. */
  public List<Product> list(String category) {
    List<Product> out = new ArrayList<>();
    for (Product product : bySku.values()) {
      if (category == null || product.category().equalsIgnoreCase(category)) {
        out.add(product);
      }
    }
    return out;
  }

  /** The largest page a client may ask for. */
  static final int MAX_PAGE_SIZE = 100;

  /**
   * One page of a listing: page 1 holds the first {@code size} products, page 2 the next ones. A
   * page past the end is empty.
   */
  public static List<Product> page(List<Product> products, int page, int size) {
    if (page < 1 || size < 1 || size > MAX_PAGE_SIZE || page > Integer.MAX_VALUE / size) {
      throw ShopException.badRequest("no page " + page + " of size " + size);
    }
    int from = (page - 1) * size;
    if (from == products.size()) {
      return List.of();
    }
    int to = Math.min(from + size, products.size());
    return List.copyOf(products.subList(from, to));
  }
}

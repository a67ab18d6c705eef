package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogPagingTest {

  private final List<Product> all = Catalog.sample().list(null);

  @Test
  void pagesFollowEachOther() {
    assertEquals(List.of("MUG-01", "MUG-02", "TEA-01"), skus(Catalog.page(all, 1, 3)));
    assertEquals(List.of("TEA-02", "BOOK-01", "KIT-01"), skus(Catalog.page(all, 2, 3)));
  }

  @Test
  void theLastPageMayBeShort() {
    assertEquals(List.of("GIFT-25", "GIFT-50"), skus(Catalog.page(all, 3, 3)));
  }

  @Test
  void thePageAfterTheLastIsEmpty() {
    assertEquals(List.of(), Catalog.page(all, 5, 2));
  }

  @Test
  void pagesAndSizesArePositive() {
    assertThrows(ShopException.class, () -> Catalog.page(all, 0, 3));
    assertThrows(ShopException.class, () -> Catalog.page(all, 1, 0));
    assertThrows(ShopException.class, () -> Catalog.page(all, 1, Catalog.MAX_PAGE_SIZE + 1));
  }

  private static List<String> skus(List<Product> products) {
    return products.stream().map(Product::sku).toList();
  }
}

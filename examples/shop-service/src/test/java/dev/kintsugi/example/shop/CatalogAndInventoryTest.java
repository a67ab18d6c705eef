package dev.kintsugi.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CatalogAndInventoryTest {

  private final Catalog catalog = Catalog.sample();

  @Test
  void findsProductsBySkuIgnoringCase() {
    assertEquals("Kintsugi mug", catalog.find("mug-01").orElseThrow().name());
    assertTrue(catalog.find("NOPE-1").isEmpty());
  }

  @Test
  void listsOneCategoryOrAll() {
    assertEquals(2, catalog.list("tea").size());
    assertEquals(8, catalog.list(null).size());
  }

  @Test
  void reservingReducesWhatIsAvailable() {
    Inventory inventory = Inventory.sample();
    assertEquals(1, inventory.reserve("KIT-01", 2));
    assertEquals(1, inventory.available("KIT-01"));
  }

  @Test
  void cannotReserveMoreThanIsAvailable() {
    Inventory inventory = Inventory.sample();
    ShopException e = assertThrows(ShopException.class, () -> inventory.reserve("KIT-01", 4));
    assertEquals(409, e.status());
    assertEquals(3, inventory.available("KIT-01"));
  }
}

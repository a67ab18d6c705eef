package dev.kintsugi.corpus.inventory;

public record PurchaseLine(String sku, int quantity) {
}

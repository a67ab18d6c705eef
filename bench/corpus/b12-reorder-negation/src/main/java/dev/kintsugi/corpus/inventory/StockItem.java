package dev.kintsugi.corpus.inventory;

/** Current stock level and replenishment settings of one SKU. */
public record StockItem(String sku, int onHand, int reorderPoint, int targetLevel, int casePack,
        boolean discontinued) {

    public StockItem {
        if (casePack <= 0) {
            throw new IllegalArgumentException("case pack must be positive for " + sku);
        }
        if (targetLevel < reorderPoint) {
            throw new IllegalArgumentException("target below reorder point for " + sku);
        }
    }
}

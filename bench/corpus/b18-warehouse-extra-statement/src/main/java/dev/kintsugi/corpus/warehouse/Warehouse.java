package dev.kintsugi.corpus.warehouse;

import java.util.HashMap;
import java.util.Map;

/** Tracks free and reserved stock per SKU. */
public class Warehouse {

    private final Map<String, Integer> available = new HashMap<>();
    private final Map<String, Integer> reserved = new HashMap<>();

    public void receive(String sku, int quantity) {
        requirePositive(quantity);
        available.merge(sku, quantity, Integer::sum);
    }

    /** Reserves stock for an order; returns false if there is not enough free stock. */
    public boolean reserve(String sku, int quantity) {
        requirePositive(quantity);
        int free = available.getOrDefault(sku, 0);
        if (free < quantity) {
            return false;
        }
        available.put(sku, free - quantity);
        reserved.merge(sku, quantity, Integer::sum);
        available.merge(sku, -quantity, Integer::sum);
        return true;
    }

    /** Returns reserved stock to the free pool (order cancelled). */
    public void release(String sku, int quantity) {
        requirePositive(quantity);
        int held = reserved.getOrDefault(sku, 0);
        if (held < quantity) {
            throw new IllegalStateException("only " + held + " of " + sku + " reserved");
        }
        reserved.put(sku, held - quantity);
        available.merge(sku, quantity, Integer::sum);
    }

    /** Reserved stock leaves the building. */
    public void ship(String sku, int quantity) {
        requirePositive(quantity);
        int held = reserved.getOrDefault(sku, 0);
        if (held < quantity) {
            throw new IllegalStateException("only " + held + " of " + sku + " reserved");
        }
        reserved.put(sku, held - quantity);
    }

    public int available(String sku) {
        return available.getOrDefault(sku, 0);
    }

    public int reserved(String sku) {
        return reserved.getOrDefault(sku, 0);
    }

    private static void requirePositive(int quantity) {
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }
}

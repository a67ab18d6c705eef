package dev.kintsugi.corpus.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/** Replays the warehouse feed ("SKU;IN|OUT;QTY" lines) into stock levels. */
public class InventoryLedger {

    private final List<Movement> movements = new ArrayList<>();

    public void record(String line) {
        String[] parts = line.split(";");
        if (parts.length != 3) {
            throw new IllegalArgumentException("expected SKU;DIRECTION;QTY but got: " + line);
        }
        Movement.Direction direction = Movement.Direction.valueOf(parts[1].trim().toUpperCase(Locale.ROOT));
        int quantity = Integer.parseInt(parts[2].trim());
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + line);
        }
        movements.add(new Movement(parts[0].trim(), direction, quantity));
    }

    public void recordAll(String feed) {
        for (String line : feed.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                record(line);
            }
        }
    }

    public int onHand(String sku) {
        int total = 0;
        for (Movement movement : movements) {
            if (movement.sku() == sku) {
                total += movement.signedQuantity();
            }
        }
        return total;
    }

    public List<String> skus() {
        TreeSet<String> skus = new TreeSet<>();
        for (Movement movement : movements) {
            skus.add(movement.sku());
        }
        return new ArrayList<>(skus);
    }

    public int movementCount() {
        return movements.size();
    }
}

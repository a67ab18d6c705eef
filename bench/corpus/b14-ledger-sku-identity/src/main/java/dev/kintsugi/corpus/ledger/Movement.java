package dev.kintsugi.corpus.ledger;

/** One stock movement parsed from the warehouse feed. */
public record Movement(String sku, Direction direction, int quantity) {

    public enum Direction { IN, OUT }

    public int signedQuantity() {
        return direction == Direction.IN ? quantity : -quantity;
    }
}

package dev.kintsugi.corpus.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderPlannerTest {

    private final ReorderPlanner planner = new ReorderPlanner();

    @Test
    void itemAboveReorderPointIsNotOrdered() {
        assertTrue(planner.plan(List.of(new StockItem("A-1", 50, 20, 100, 10, false))).isEmpty());
    }

    @Test
    void itemAtReorderPointIsToppedUpInWholeCases() {
        List<PurchaseLine> plan = planner.plan(List.of(new StockItem("A-1", 20, 20, 100, 12, false)));
        assertEquals(List.of(new PurchaseLine("A-1", 84)), plan);
    }

    @Test
    void discontinuedItemsAreNeverOrdered() {
        assertTrue(planner.plan(List.of(new StockItem("OLD-9", 0, 5, 10, 1, true))).isEmpty());
    }

    @Test
    void linesAreSortedBySku() {
        List<PurchaseLine> plan = planner.plan(List.of(
                new StockItem("C-3", 0, 5, 10, 5, false),
                new StockItem("B-2", 1, 5, 10, 3, false),
                new StockItem("Z-0", 0, 5, 10, 5, true)));
        assertEquals(List.of(new PurchaseLine("B-2", 9), new PurchaseLine("C-3", 10)), plan);
    }

    @Test
    void totalUnits() {
        assertEquals(24, planner.totalUnits(List.of(
                new StockItem("A-1", 0, 4, 20, 12, false),
                new StockItem("B-2", 30, 4, 20, 12, false))));
    }

    @Test
    void emptyInventory() {
        assertTrue(planner.plan(List.of()).isEmpty());
    }

    @Test
    void invalidItemsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StockItem("X", 0, 1, 2, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new StockItem("X", 0, 10, 2, 1, false));
    }

    @Test
    void wellStockedInventoryNeedsNothing() {
        assertEquals(0, planner.totalUnits(List.of(
                new StockItem("A-1", 25, 4, 20, 12, false),
                new StockItem("B-2", 30, 4, 30, 6, false))));
    }

    @Test
    void purchaseLinesAreValues() {
        assertEquals(new PurchaseLine("A-1", 12), new PurchaseLine("A-1", 12));
    }
}

package dev.kintsugi.corpus.inventory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Decides which SKUs to re-order and how many cases to buy. */
public class ReorderPlanner {

    public List<PurchaseLine> plan(Collection<StockItem> items) {
        List<PurchaseLine> lines = new ArrayList<>();
        for (StockItem item : items) {
            if (!item.discontinued()) {
                continue;
            }
            if (item.onHand() > item.reorderPoint()) {
                continue;
            }
            int needed = item.targetLevel() - item.onHand();
            int cases = (needed + item.casePack() - 1) / item.casePack();
            lines.add(new PurchaseLine(item.sku(), cases * item.casePack()));
        }
        lines.sort(Comparator.comparing(PurchaseLine::sku));
        return lines;
    }

    public int totalUnits(Collection<StockItem> items) {
        return plan(items).stream().mapToInt(PurchaseLine::quantity).sum();
    }
}

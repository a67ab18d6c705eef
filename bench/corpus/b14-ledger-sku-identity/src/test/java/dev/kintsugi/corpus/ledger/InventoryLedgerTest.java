package dev.kintsugi.corpus.ledger;

import static org.junit.Assert.assertEquals;

import java.util.List;
import org.junit.Before;
import org.junit.Test;

public class InventoryLedgerTest {

    private InventoryLedger ledger;

    @Before
    public void setUp() {
        ledger = new InventoryLedger();
        ledger.recordAll(String.join("\n",
                "# morning delivery",
                "SKU-100;IN;40",
                "SKU-200;IN;5",
                "SKU-100;OUT;15",
                "",
                "SKU-300; in ;7"));
    }

    @Test
    public void countsMovements() {
        assertEquals(4, ledger.movementCount());
    }

    @Test
    public void listsSkusSorted() {
        assertEquals(List.of("SKU-100", "SKU-200", "SKU-300"), ledger.skus());
    }

    @Test
    public void onHandSumsMovements() {
        assertEquals(25, ledger.onHand("SKU-100"));
    }

    @Test
    public void onHandOfSingleDelivery() {
        assertEquals(5, ledger.onHand("SKU-200"));
    }

    @Test
    public void unknownSkuHasNothingOnHand() {
        assertEquals(0, ledger.onHand("SKU-999"));
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsMalformedLine() {
        ledger.record("SKU-100;IN");
    }

    @Test(expected = IllegalArgumentException.class)
    public void rejectsNonPositiveQuantity() {
        ledger.record("SKU-100;OUT;0");
    }
}

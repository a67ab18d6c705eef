package dev.kintsugi.corpus.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WarehouseTest {

    @Test
    void receivingAddsStock() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("BOLT-M6", 100);
        warehouse.receive("BOLT-M6", 20);
        assertEquals(120, warehouse.available("BOLT-M6"));
    }

    @Test
    void reservingMovesStockFromAvailableToReserved() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("BOLT-M6", 100);
        assertTrue(warehouse.reserve("BOLT-M6", 30));
        assertEquals(30, warehouse.reserved("BOLT-M6"));
        assertEquals(70, warehouse.available("BOLT-M6"));
    }

    @Test
    void cannotReserveMoreThanAvailable() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("NUT-M6", 10);
        assertFalse(warehouse.reserve("NUT-M6", 11));
        assertEquals(0, warehouse.reserved("NUT-M6"));
    }

    @Test
    void releaseReturnsStock() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("WASHER", 50);
        warehouse.reserve("WASHER", 20);
        warehouse.release("WASHER", 20);
        assertEquals(50, warehouse.available("WASHER"));
        assertEquals(0, warehouse.reserved("WASHER"));
    }

    @Test
    void shippingConsumesReservation() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("WASHER", 50);
        warehouse.reserve("WASHER", 20);
        warehouse.ship("WASHER", 15);
        assertEquals(5, warehouse.reserved("WASHER"));
    }

    @Test
    void cannotShipUnreservedStock() {
        Warehouse warehouse = new Warehouse();
        warehouse.receive("WASHER", 50);
        assertThrows(IllegalStateException.class, () -> warehouse.ship("WASHER", 1));
    }

    @Test
    void quantitiesMustBePositive() {
        Warehouse warehouse = new Warehouse();
        assertThrows(IllegalArgumentException.class, () -> warehouse.receive("X", 0));
        assertThrows(IllegalArgumentException.class, () -> warehouse.reserve("X", -2));
    }

    @Test
    void unknownSkuHasNoStock() {
        assertEquals(0, new Warehouse().available("GHOST"));
    }
}

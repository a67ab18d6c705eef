package dev.kintsugi.corpus.vending;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeMakerTest {

    @Test
    void euroCoins() {
        ChangeMaker euros = new ChangeMaker(1, 2, 5, 10, 20, 50, 100, 200);
        assertEquals(Map.of(200, 1, 50, 1, 20, 1, 5, 1, 2, 1), euros.change(277));
    }

    @Test
    void usCoins() {
        ChangeMaker dollars = new ChangeMaker(25, 10, 5, 1);
        assertEquals(4, dollars.coinCount(41));
    }

    @Test
    void zeroNeedsNoCoins() {
        assertEquals(Map.of(), new ChangeMaker(1, 5).change(0));
    }

    @Test
    void tokenMachineUsesFewestCoins() {
        ChangeMaker tokens = new ChangeMaker(1, 3, 4);
        assertEquals(Map.of(3, 2), tokens.change(6));
    }

    @Test
    void arcadeCoinsAmountThatGreedyCannotPay() {
        ChangeMaker arcade = new ChangeMaker(3, 4);
        assertEquals(2, arcade.coinCount(6));
    }

    @Test
    void impossibleAmount() {
        assertThrows(IllegalStateException.class, () -> new ChangeMaker(5, 10).change(7));
    }

    @Test
    void rejectsBadDenominations() {
        assertThrows(IllegalArgumentException.class, () -> new ChangeMaker(0, 5));
        assertThrows(IllegalArgumentException.class, () -> new ChangeMaker());
    }

    @Test
    void rejectsNegativeAmount() {
        assertThrows(IllegalArgumentException.class, () -> new ChangeMaker(1).change(-1));
    }
}

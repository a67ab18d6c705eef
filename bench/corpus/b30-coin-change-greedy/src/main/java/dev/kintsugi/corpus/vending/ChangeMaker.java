package dev.kintsugi.corpus.vending;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Pays out change with as few coins as possible (unlimited coins of each denomination). */
public class ChangeMaker {

    private final int[] denominations;

    public ChangeMaker(int... denominations) {
        if (denominations.length == 0 || Arrays.stream(denominations).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("denominations must be positive");
        }
        this.denominations = Arrays.stream(denominations).distinct().sorted().toArray();
    }

    /** Coin value -> count, using the minimum number of coins; throws if the amount cannot be paid. */
    public Map<Integer, Integer> change(int amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative amount");
        }
        Map<Integer, Integer> coins = new TreeMap<>();
        int remaining = amount;
        for (int i = denominations.length - 1; i >= 0; i--) {
            int coin = denominations[i];
            if (remaining >= coin) {
                coins.put(coin, remaining / coin);
                remaining %= coin;
            }
        }
        if (remaining != 0) {
            throw new IllegalStateException("cannot pay " + amount + " exactly");
        }
        return coins;
    }

    public int coinCount(int amount) {
        return change(amount).values().stream().mapToInt(Integer::intValue).sum();
    }
}

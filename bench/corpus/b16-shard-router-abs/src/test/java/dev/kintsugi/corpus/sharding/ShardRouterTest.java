package dev.kintsugi.corpus.sharding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardRouterTest {

    private final ShardRouter router = new ShardRouter(List.of("db-a", "db-b", "db-c"));

    @Test
    void routesKeysToShards() {
        assertEquals("db-c", router.shardFor("user:1001"));
        assertEquals("db-b", router.shardFor("tenant-blue"));
        assertEquals("db-a", router.shardFor("order:77"));
    }

    @Test
    void routingIsStable() {
        assertEquals(router.shardFor("user:1002"), router.shardFor("user:1002"));
    }

    @Test
    void keysWithNegativeHashCodesAreRouted() {
        assertEquals("db-a", router.shardFor("session:abcdef"));
        assertEquals("db-b", router.shardFor("cart:9f8e7d"));
    }

    @Test
    void partitionCoversEveryKey() {
        Map<String, List<String>> partition =
                router.partition(List.of("user:1001", "cart:9f8e7d", "order:77", "tenant-blue"));
        assertEquals(List.of("order:77"), partition.get("db-a"));
        assertEquals(List.of("cart:9f8e7d", "tenant-blue"), partition.get("db-b"));
        assertEquals(List.of("user:1001"), partition.get("db-c"));
    }

    @Test
    void singleShardTakesEverything() {
        ShardRouter single = new ShardRouter(List.of("only"));
        assertEquals("only", single.shardFor("cart:9f8e7d"));
        assertEquals("only", single.shardFor("user:1001"));
    }

    @Test
    void needsAtLeastOneShard() {
        assertThrows(IllegalArgumentException.class, () -> new ShardRouter(List.of()));
    }
}

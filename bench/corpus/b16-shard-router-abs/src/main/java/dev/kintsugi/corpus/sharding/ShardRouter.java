package dev.kintsugi.corpus.sharding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Routes record keys to database shards by hash. */
public class ShardRouter {

    private final List<String> shards;

    public ShardRouter(List<String> shards) {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one shard is required");
        }
        this.shards = List.copyOf(shards);
    }

    public String shardFor(String key) {
        int index = key.hashCode() % shards.size();
        return shards.get(index);
    }

    /** Groups keys by shard; every shard appears in the result, in configuration order. */
    public Map<String, List<String>> partition(Collection<String> keys) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String shard : shards) {
            result.put(shard, new ArrayList<>());
        }
        for (String key : keys) {
            result.get(shardFor(key)).add(key);
        }
        return result;
    }
}

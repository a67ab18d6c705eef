package dev.kintsugi.corpus.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.TreeMap;

/** Fastest travel time between towns on an undirected road network (Dijkstra). */
public class RoutePlanner {

    private record Entry(String town, int minutes) {
    }

    private final Map<String, Map<String, Integer>> roads = new HashMap<>();

    public void addRoad(String a, String b, int minutes) {
        if (minutes <= 0) {
            throw new IllegalArgumentException("travel time must be positive");
        }
        roads.computeIfAbsent(a, k -> new TreeMap<>()).merge(b, minutes, Math::min);
        roads.computeIfAbsent(b, k -> new TreeMap<>()).merge(a, minutes, Math::min);
    }

    public List<String> neighbours(String town) {
        List<String> result = new ArrayList<>(roads.getOrDefault(town, Map.of()).keySet());
        Collections.sort(result);
        return result;
    }

    public OptionalInt travelTime(String from, String to) {
        if (!roads.containsKey(from) || !roads.containsKey(to)) {
            return OptionalInt.empty();
        }
        if (from.equals(to)) {
            return OptionalInt.of(0);
        }
        Map<String, Integer> best = new HashMap<>();
        PriorityQueue<Entry> queue = new PriorityQueue<>(
                Comparator.comparingInt(Entry::minutes).thenComparing(Entry::town));
        best.put(from, 0);
        queue.add(new Entry(from, 0));
        while (!queue.isEmpty()) {
            Entry current = queue.poll();
            if (current.minutes() >= best.get(current.town())) {
                continue; // stale queue entry, a faster route was found meanwhile
            }
            if (current.town().equals(to)) {
                return OptionalInt.of(current.minutes());
            }
            for (Map.Entry<String, Integer> road : roads.get(current.town()).entrySet()) {
                int candidate = current.minutes() + road.getValue();
                if (candidate < best.getOrDefault(road.getKey(), Integer.MAX_VALUE)) {
                    best.put(road.getKey(), candidate);
                    queue.add(new Entry(road.getKey(), candidate));
                }
            }
        }
        return OptionalInt.empty();
    }
}

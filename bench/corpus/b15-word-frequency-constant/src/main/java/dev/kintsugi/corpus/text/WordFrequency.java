package dev.kintsugi.corpus.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Word counts for the "most discussed topics" widget. */
public class WordFrequency {

    private static final Set<String> STOP_WORDS =
            Set.of("a", "an", "and", "the", "of", "to", "in", "is", "it", "on", "for");

    public Map<String, Integer> count(String text) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (token.isEmpty() || STOP_WORDS.contains(token)) {
                continue;
            }
            counts.put(token, counts.getOrDefault(token, 1) + 1);
        }
        return counts;
    }

    /** The n most frequent words, ties broken alphabetically. */
    public List<String> top(String text, int n) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(count(text).entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> result = new ArrayList<>();
        for (int i = 0; i < Math.min(n, entries.size()); i++) {
            result.add(entries.get(i).getKey());
        }
        return result;
    }
}

package dev.kintsugi.corpus.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WordFrequencyTest {

    private final WordFrequency frequency = new WordFrequency();

    @Test
    void countsEachOccurrence() {
        assertEquals(Map.of("cache", 2, "miss", 1), frequency.count("cache miss, cache"));
    }

    @Test
    void singleWord() {
        assertEquals(Map.of("kintsugi", 1), frequency.count("Kintsugi"));
    }

    @Test
    void stopWordsAreIgnored() {
        assertEquals(Set.of("state", "art"), frequency.count("The state of the art").keySet());
    }

    @Test
    void caseAndPunctuationAreIgnored() {
        assertEquals(Set.of("deploy", "friday", "don't"), frequency.count("Deploy! DEPLOY? Friday... don't").keySet());
    }

    @Test
    void emptyText() {
        assertTrue(frequency.count("  ").isEmpty());
    }

    @Test
    void topWordsByFrequencyThenAlphabet() {
        String text = "latency spike latency error error latency spike queue";
        assertEquals(List.of("latency", "error", "spike"), frequency.top(text, 3));
    }

    @Test
    void topWithFewerWordsThanRequested() {
        assertEquals(List.of("beta", "alpha"), frequency.top("beta alpha beta", 10));
    }
}

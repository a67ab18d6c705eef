package dev.kintsugi.corpus.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TextAbbreviatorTest {

    private final TextAbbreviator abbreviator = new TextAbbreviator();

    @ParameterizedTest
    @CsvSource({
        "short, 10, short",
        "exactly10!, 10, exactly10!",
        "Quarterly report, 10, Quarter...",
        "abcdefghij, 9, abcdef...",
        "Deployment failed on node-7, 15, Deployment f..."
    })
    void truncate(String text, int max, String expected) {
        assertEquals(expected, abbreviator.truncate(text, max));
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 8, 13, 21})
    void truncatedTextNeverExceedsLimit(int max) {
        String text = "The quick brown fox jumps over the lazy dog";
        assertTrue(abbreviator.truncate(text, max).length() <= max);
    }

    @ParameterizedTest
    @CsvSource({
        "/var/log/kintsugi/heal.log, 16, /var/lo...al.log",
        "short.txt, 20, short.txt",
        "abcdefghijkl, 9, abc...jkl",
        "abcdefghijkl, 10, abcd...jkl"
    })
    void middle(String text, int max, String expected) {
        assertEquals(expected, abbreviator.middle(text, max));
    }

    @ParameterizedTest
    @CsvSource({
        "Grace Brewster Hopper, G. B. Hopper",
        "Ada Lovelace, A. Lovelace",
        "Linus, Linus",
        "'  alan   mathison turing ', A. M. turing"
    })
    void initials(String name, String expected) {
        assertEquals(expected, abbreviator.initials(name));
    }

    @Test
    void truncateRejectsTinyLimits() {
        assertThrows(IllegalArgumentException.class, () -> abbreviator.truncate("anything", 3));
    }

    @Test
    void middleRejectsTinyLimits() {
        assertThrows(IllegalArgumentException.class, () -> abbreviator.middle("anything", 4));
    }
}

package dev.kintsugi.corpus.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RecentEventsTest {

    @Test
    void keepsEventsInOrderBeforeWrapping() {
        RecentEvents<String> events = new RecentEvents<>(3);
        events.add("login");
        events.add("view");
        assertEquals(List.of("login", "view"), events.toList());
        assertEquals("view", events.get(1));
    }

    @Test
    void fullBufferBeforeWrapping() {
        RecentEvents<String> events = new RecentEvents<>(3);
        events.add("a");
        events.add("b");
        events.add("c");
        assertEquals(List.of("a", "b", "c"), events.toList());
    }

    @Test
    void oldestIsOverwritten() {
        RecentEvents<String> events = new RecentEvents<>(3);
        for (String e : List.of("a", "b", "c", "d")) {
            events.add(e);
        }
        assertEquals("b", events.oldest());
        assertEquals(3, events.size());
    }

    @Test
    void toListAfterWrapping() {
        RecentEvents<String> events = new RecentEvents<>(3);
        for (String e : List.of("a", "b", "c", "d", "e")) {
            events.add(e);
        }
        assertEquals(List.of("c", "d", "e"), events.toList());
    }

    @Test
    void getAfterWrapping() {
        RecentEvents<Integer> events = new RecentEvents<>(4);
        for (int i = 1; i <= 10; i++) {
            events.add(i);
        }
        assertEquals(7, events.get(0));
        assertEquals(10, events.get(3));
    }

    @Test
    void indexOutOfRange() {
        RecentEvents<String> events = new RecentEvents<>(2);
        events.add("x");
        assertThrows(IndexOutOfBoundsException.class, () -> events.get(1));
    }

    @Test
    void emptyBufferHasNoOldest() {
        assertThrows(NoSuchElementException.class, () -> new RecentEvents<String>(2).oldest());
    }

    @Test
    void capacityMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new RecentEvents<String>(0));
    }
}

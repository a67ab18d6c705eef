package dev.kintsugi.corpus.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PaginatorTest {

    private static List<Integer> numbers(int count) {
        return IntStream.rangeClosed(1, count).boxed().collect(Collectors.toList());
    }

    @Test
    void totalPagesRoundsUp() {
        assertEquals(4, new Paginator<>(numbers(10), 3).totalPages());
        assertEquals(2, new Paginator<>(numbers(10), 5).totalPages());
        assertEquals(0, new Paginator<>(List.of(), 5).totalPages());
    }

    @Test
    void firstPageHoldsPageSizeItems() {
        Page<Integer> page = new Paginator<>(numbers(10), 3).page(1);
        assertEquals(List.of(1, 2, 3), page.items());
        assertTrue(page.hasNext());
        assertFalse(page.hasPrevious());
    }

    @Test
    void lastPageIsPartial() {
        Page<Integer> page = new Paginator<>(numbers(10), 3).page(4);
        assertEquals(List.of(10), page.items());
        assertFalse(page.hasNext());
    }

    @Test
    void exactFitLastPage() {
        Page<Integer> page = new Paginator<>(numbers(10), 5).page(2);
        assertEquals(List.of(6, 7, 8, 9, 10), page.items());
        assertEquals(10, page.totalItems());
    }

    @Test
    void pageBeyondTheEndIsEmpty() {
        Page<Integer> page = new Paginator<>(numbers(4), 2).page(7);
        assertTrue(page.items().isEmpty());
        assertEquals(2, page.totalPages());
    }

    @Test
    void pageNumbersAreOneBased() {
        assertThrows(IllegalArgumentException.class, () -> new Paginator<>(numbers(3), 2).page(0));
    }

    @Test
    void pageSizeMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new Paginator<>(numbers(3), 0));
    }

    @Test
    void sourceIsCopied() {
        List<Integer> source = new java.util.ArrayList<>(numbers(2));
        Paginator<Integer> paginator = new Paginator<>(source, 5);
        source.add(3);
        assertEquals(1, paginator.totalPages());
        assertEquals(2, paginator.page(1).totalItems());
    }
}

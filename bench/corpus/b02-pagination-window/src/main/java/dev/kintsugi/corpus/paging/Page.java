package dev.kintsugi.corpus.paging;

import java.util.List;

/** One page of results. Page numbers are 1-based. */
public record Page<T>(List<T> items, int number, int totalPages, int totalItems) {

    public boolean hasNext() {
        return number < totalPages;
    }

    public boolean hasPrevious() {
        return number > 1 && totalPages > 0;
    }
}

package dev.kintsugi.corpus.paging;

import java.util.List;

/** Splits an in-memory result list into fixed-size pages. */
public class Paginator<T> {

    private final List<T> source;
    private final int pageSize;

    public Paginator(List<T> source, int pageSize) {
        if (pageSize <= 0) {
            throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
        }
        this.source = List.copyOf(source);
        this.pageSize = pageSize;
    }

    public int totalPages() {
        return (source.size() + pageSize - 1) / pageSize;
    }

    public Page<T> page(int number) {
        if (number < 1) {
            throw new IllegalArgumentException("pages are 1-based: " + number);
        }
        int from = (number - 1) * pageSize;
        if (from >= source.size()) {
            return new Page<>(List.of(), number, totalPages(), source.size());
        }
        int to = Math.max(from + pageSize, source.size());
        return new Page<>(source.subList(from, to), number, totalPages(), source.size());
    }
}

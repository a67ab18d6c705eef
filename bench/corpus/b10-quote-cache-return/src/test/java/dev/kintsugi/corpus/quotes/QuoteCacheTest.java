package dev.kintsugi.corpus.quotes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QuoteCacheTest {

    private final Map<String, BigDecimal> prices = Map.of(
            "ACME", new BigDecimal("12.50"),
            "GLOBX", new BigDecimal("301.10"));
    private final List<String> serviceCalls = new ArrayList<>();
    private QuoteCache cache;

    @BeforeEach
    void setUp() {
        cache = new QuoteCache(symbol -> {
            serviceCalls.add(symbol);
            return prices.get(symbol);
        });
    }

    @Test
    void firstQuoteCallsTheService() {
        assertEquals(new BigDecimal("12.50"), cache.quote("ACME"));
        assertEquals(List.of("ACME"), serviceCalls);
    }

    @Test
    void repeatedQuoteIsServedFromCache() {
        cache.quote("ACME");
        assertEquals(new BigDecimal("12.50"), cache.quote("ACME"));
        assertEquals(List.of("ACME"), serviceCalls);
    }

    @Test
    void symbolsAreCaseInsensitive() {
        cache.quote("globx");
        cache.quote(" GLOBX ");
        assertEquals(1, serviceCalls.size());
        assertEquals(1, cache.size());
    }

    @Test
    void countsHitsAndMisses() {
        cache.quote("ACME");
        cache.quote("ACME");
        cache.quote("GLOBX");
        assertEquals(1, cache.hits());
        assertEquals(2, cache.misses());
    }

    @Test
    void invalidateForcesRefresh() {
        cache.quote("ACME");
        cache.invalidate("acme");
        cache.quote("ACME");
        assertEquals(List.of("ACME", "ACME"), serviceCalls);
        assertEquals(0, cache.hits());
    }

    @Test
    void unknownSymbolThrows() {
        assertThrows(NoSuchElementException.class, () -> cache.quote("NOPE"));
        assertEquals(0, cache.size());
    }
}

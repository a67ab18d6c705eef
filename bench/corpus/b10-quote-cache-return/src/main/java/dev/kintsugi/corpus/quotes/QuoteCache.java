package dev.kintsugi.corpus.quotes;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Caches prices from a slow pricing service, keyed by upper-case ticker symbol. */
public class QuoteCache {

    private final Function<String, BigDecimal> pricingService;
    private final Map<String, BigDecimal> cache = new HashMap<>();
    private int hits;
    private int misses;

    public QuoteCache(Function<String, BigDecimal> pricingService) {
        this.pricingService = pricingService;
    }

    public BigDecimal quote(String symbol) {
        String key = symbol.trim().toUpperCase(Locale.ROOT);
        BigDecimal cached = cache.get(key);
        if (cached != null) {
            hits++;
        }
        misses++;
        BigDecimal fresh = pricingService.apply(key);
        if (fresh == null) {
            throw new NoSuchElementException("unknown symbol " + key);
        }
        cache.put(key, fresh);
        return fresh;
    }

    public void invalidate(String symbol) {
        cache.remove(symbol.trim().toUpperCase(Locale.ROOT));
    }

    public int hits() {
        return hits;
    }

    public int misses() {
        return misses;
    }

    public int size() {
        return cache.size();
    }
}

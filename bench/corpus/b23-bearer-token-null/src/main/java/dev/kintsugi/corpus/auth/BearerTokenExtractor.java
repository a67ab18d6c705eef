package dev.kintsugi.corpus.auth;

import java.util.Map;
import java.util.Optional;

/** Pulls the bearer token out of request headers for the API gateway. */
public class BearerTokenExtractor {

    private static final String HEADER = "Authorization";
    private static final String PREFIX = "Bearer ";

    public Optional<String> extract(Map<String, String> headers) {
        String header = headerValue(headers, HEADER);
        if (header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            String token = header.substring(PREFIX.length()).trim();
            if (!token.isEmpty()) {
                return Optional.of(token);
            }
        }
        return Optional.empty();
    }

    /** Header names are case-insensitive; returns null when the header is absent. */
    static String headerValue(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> entry : headers.entrySet()) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }
}

package dev.kintsugi.corpus.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenExtractorTest {

    private final BearerTokenExtractor extractor = new BearerTokenExtractor();

    @Test
    void extractsToken() {
        assertEquals(Optional.of("abc.def.ghi"), extractor.extract(Map.of("Authorization", "Bearer abc.def.ghi")));
    }

    @Test
    void schemeIsCaseInsensitive() {
        assertEquals(Optional.of("t0k3n"), extractor.extract(Map.of("Authorization", "bearer   t0k3n ")));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        assertEquals(Optional.of("xyz"), extractor.extract(Map.of("authorization", "Bearer xyz")));
    }

    @Test
    void basicAuthIsNotABearerToken() {
        assertEquals(Optional.empty(), extractor.extract(Map.of("Authorization", "Basic dXNlcjpwYXNz")));
    }

    @Test
    void emptyTokenIsIgnored() {
        assertEquals(Optional.empty(), extractor.extract(Map.of("Authorization", "Bearer    ")));
    }

    @Test
    void missingHeaderMeansNoToken() {
        assertEquals(Optional.empty(), extractor.extract(Map.of("Accept", "application/json")));
    }

    @Test
    void headerLookupReturnsNullWhenAbsent() {
        assertNull(BearerTokenExtractor.headerValue(Map.of(), "Authorization"));
    }
}

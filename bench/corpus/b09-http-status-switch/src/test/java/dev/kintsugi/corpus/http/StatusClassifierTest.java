package dev.kintsugi.corpus.http;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.kintsugi.corpus.http.StatusClassifier.Category;
import org.junit.Test;

public class StatusClassifierTest {

    private final StatusClassifier classifier = new StatusClassifier();

    @Test
    public void classifiesSuccess() {
        assertEquals(Category.SUCCESS, classifier.classify(200));
        assertEquals(Category.SUCCESS, classifier.classify(204));
    }

    @Test
    public void classifiesRedirects() {
        assertEquals(Category.REDIRECT, classifier.classify(301));
        assertEquals(Category.REDIRECT, classifier.classify(307));
    }

    @Test
    public void classifiesClientErrors() {
        assertEquals(Category.CLIENT_ERROR, classifier.classify(404));
    }

    @Test
    public void classifiesServerErrors() {
        assertEquals(Category.SERVER_ERROR, classifier.classify(503));
    }

    @Test
    public void unknownCodes() {
        assertEquals(Category.UNKNOWN, classifier.classify(99));
        assertEquals(Category.UNKNOWN, classifier.classify(600));
    }

    @Test
    public void retryableCodes() {
        assertTrue(classifier.isRetryable(503));
        assertTrue(classifier.isRetryable(429));
        assertFalse(classifier.isRetryable(501));
        assertFalse(classifier.isRetryable(404));
    }

    @Test
    public void followsRedirectsExceptNotModified() {
        assertTrue(classifier.followsLocation(302));
        assertFalse(classifier.followsLocation(304));
        assertFalse(classifier.followsLocation(200));
    }

    @Test
    public void describesCodes() {
        assertEquals("418 (client error)", classifier.describe(418));
        assertEquals("100 (informational)", classifier.describe(100));
    }
}

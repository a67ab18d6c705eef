package dev.kintsugi.corpus.mailing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NewsletterMailerTest {

    private final NewsletterMailer mailer = new NewsletterMailer();

    @Test
    void includesOnlyOptedInCustomers() {
        List<Customer> customers = List.of(
                new Customer("Ada", "ada@example.org", true),
                new Customer("Brian", "brian@example.org", false));
        assertEquals(List.of("ada@example.org"), mailer.recipients(customers));
    }

    @Test
    void normalizesAndDeduplicatesAddresses() {
        List<Customer> customers = List.of(
                new Customer("Ada", "  Ada@Example.org ", true),
                new Customer("Ada L.", "ada@example.org", true));
        assertEquals(List.of("ada@example.org"), mailer.recipients(customers));
    }

    @Test
    void skipsBlankAndMalformedAddresses() {
        List<Customer> customers = List.of(
                new Customer("Ada", "   ", true),
                new Customer("Carl", "carl-at-example.org", true),
                new Customer("Dora", "dora@example.net", true));
        assertEquals(List.of("dora@example.net"), mailer.recipients(customers));
    }

    @Test
    void skipsCustomersWithoutAnAddress() {
        List<Customer> customers = List.of(
                new Customer("Ada", "ada@example.org", true),
                new Customer("Eve", null, true),
                new Customer("Finn", "finn@example.com", true));
        assertEquals(List.of("ada@example.org", "finn@example.com"), mailer.recipients(customers));
    }

    @Test
    void countsRecipientsPerDomain() {
        List<Customer> customers = List.of(
                new Customer("Ada", "ada@example.org", true),
                new Customer("Gus", "gus@example.org", true),
                new Customer("Hal", "hal@mail.test", true),
                new Customer("Ivy", "ivy@mail.test", false));
        assertEquals(Map.of("example.org", 2, "mail.test", 1), mailer.countByDomain(customers));
    }

    @Test
    void domainCountIgnoresCustomersWithoutAddress() {
        List<Customer> customers = List.of(
                new Customer("Eve", null, true),
                new Customer("Hal", "hal@mail.test", true));
        assertEquals(Map.of("mail.test", 1), mailer.countByDomain(customers));
    }

    @Test
    void emptyInput() {
        assertTrue(mailer.recipients(List.of()).isEmpty());
    }
}

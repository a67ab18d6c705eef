package dev.kintsugi.corpus.mailing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the recipient list for the monthly newsletter. */
public class NewsletterMailer {

    /** Normalized, de-duplicated addresses of customers who opted in, in input order. */
    public List<String> recipients(List<Customer> customers) {
        Set<String> seen = new LinkedHashSet<>();
        for (Customer customer : customers) {
            if (!customer.isMarketingOptIn()) {
                continue;
            }
            String email = customer.getEmail();
            String normalized = email.trim().toLowerCase(Locale.ROOT);
            if (normalized.isEmpty() || !normalized.contains("@")) {
                continue;
            }
            seen.add(normalized);
        }
        return new ArrayList<>(seen);
    }

    /** Number of recipients per mail domain, sorted by domain. */
    public Map<String, Integer> countByDomain(List<Customer> customers) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String address : recipients(customers)) {
            String domain = address.substring(address.indexOf('@') + 1);
            counts.merge(domain, 1, Integer::sum);
        }
        return counts;
    }
}

package dev.kintsugi.corpus.mailing;

/** A customer record; the e-mail address is optional and may be null. */
public class Customer {

    private final String name;
    private final String email;
    private final boolean marketingOptIn;

    public Customer(String name, String email, boolean marketingOptIn) {
        this.name = name;
        this.email = email;
        this.marketingOptIn = marketingOptIn;
    }

    public String getName() {
        return name;
    }

    public String getEmail() {
        return email;
    }

    public boolean isMarketingOptIn() {
        return marketingOptIn;
    }
}

package dev.kintsugi.corpus.tax;

import java.math.BigDecimal;
import java.util.List;

/** A customer order; the goods go to the shipping address, the invoice to the billing address. */
public class Order {

    private final Address billingAddress;
    private final Address shippingAddress;
    private final List<BigDecimal> lineTotals;

    public Order(Address billingAddress, Address shippingAddress, List<BigDecimal> lineTotals) {
        this.billingAddress = billingAddress;
        this.shippingAddress = shippingAddress;
        this.lineTotals = List.copyOf(lineTotals);
    }

    public Address getBillingAddress() {
        return billingAddress;
    }

    public Address getShippingAddress() {
        return shippingAddress;
    }

    public BigDecimal getSubtotal() {
        return lineTotals.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

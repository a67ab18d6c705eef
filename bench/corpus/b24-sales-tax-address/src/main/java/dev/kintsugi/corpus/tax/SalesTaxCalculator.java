package dev.kintsugi.corpus.tax;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** Destination-based sales tax: the rate of the region the goods are shipped to applies. */
public class SalesTaxCalculator {

    private final Map<String, BigDecimal> ratesByRegion;

    public SalesTaxCalculator(Map<String, BigDecimal> ratesByRegion) {
        this.ratesByRegion = Map.copyOf(ratesByRegion);
    }

    public BigDecimal rateFor(Address address) {
        return ratesByRegion.getOrDefault(address.country() + "-" + address.region(), BigDecimal.ZERO);
    }

    public BigDecimal taxFor(Order order) {
        Address destination = order.getBillingAddress();
        BigDecimal rate = rateFor(destination);
        return order.getSubtotal().multiply(rate).setScale(2, RoundingMode.HALF_UP);
    }

    public BigDecimal totalFor(Order order) {
        return order.getSubtotal().add(taxFor(order)).setScale(2, RoundingMode.HALF_UP);
    }
}

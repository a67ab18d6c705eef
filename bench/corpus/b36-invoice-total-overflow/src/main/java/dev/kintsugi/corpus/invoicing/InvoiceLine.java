package dev.kintsugi.corpus.invoicing;

public record InvoiceLine(String description, int unitPriceCents, int quantity) {

    public InvoiceLine {
        if (unitPriceCents < 0 || quantity < 0) {
            throw new IllegalArgumentException("negative price or quantity");
        }
    }
}

package dev.kintsugi.corpus.tax;

public record Address(String street, String city, String region, String country) {
}

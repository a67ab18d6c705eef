package dev.kintsugi.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddingSimilarityTest {

  @Test
  void relatedFailuresAreCloserThanUnrelatedOnesEvenWithoutSharedWords() {
    var similarity = new EmbeddingSimilarity();
    String npe = "NullPointerException in Order.getTotal when the discount is null";
    double related = similarity.similarity(npe, "NPE in Cart total when the coupon is missing");
    double unrelated =
        similarity.similarity(npe, "date format pattern prints minutes instead of months");

    assertThat(related).isGreaterThan(unrelated + 0.15);
    assertThat(similarity.similarity(npe, npe)).isGreaterThan(0.99);
  }
}

package dev.kintsugi.agent.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackagesTest {
  @Test
  void matchesClassesOfThePackageAndItsSubPackagesOnly() {
    Packages p = Packages.parse(" com.acme ; org.other.; ");
    assertThat(p.prefixes()).containsExactly("com.acme", "org.other");
    assertThat(p.matches("com.acme.Shop")).isTrue();
    assertThat(p.matches("com.acme.billing.Invoice$Line")).isTrue();
    assertThat(p.matches("org.other.X")).isTrue();
    assertThat(p.matches("com.acmeco.Shop")).isFalse();
    assertThat(p.matches("com.Acme")).isFalse();
    assertThat(p.matches(null)).isFalse();
  }

  @Test
  void theAgentsOwnClassesNeverMatch() {
    Packages p = Packages.parse("dev.kintsugi");
    assertThat(p.matches("dev.kintsugi.shop.Cart")).isTrue();
    assertThat(p.matches("dev.kintsugi.agent.internal.capture.Capturer")).isFalse();
  }

  @Test
  void emptyTextMeansNoPackages() {
    assertThat(Packages.parse("").isEmpty()).isTrue();
    assertThat(Packages.parse("").matches("com.acme.X")).isFalse();
  }
}

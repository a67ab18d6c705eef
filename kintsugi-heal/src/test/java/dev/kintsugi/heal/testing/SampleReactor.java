package dev.kintsugi.heal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a small real multi-module Maven build: module {@code app} depends on module {@code lib}.
 * {@code lib} holds {@link SampleProject}'s {@code shop.Cart} and its test, {@code app} a checkout
 * that sums through {@code Cart.total}, and a test of it.
 */
public final class SampleReactor {

  /** Modules listed downstream first: Maven (and Kintsugi) must order them by dependency. */
  static final String ROOT_POM =
      SampleProject.POM
          .replace("<artifactId>sample</artifactId>", "<artifactId>shop-parent</artifactId>")
          .replace(
              "<version>1.0</version>\n  <properties>",
              "<version>1.0</version>\n  <packaging>pom</packaging>\n"
                  + "  <modules><module>app</module><module>lib</module></modules>\n"
                  + "  <properties>");

  static final String LIB_POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>dev.kintsugi.sample</groupId>
          <artifactId>shop-parent</artifactId>
          <version>1.0</version>
        </parent>
        <artifactId>lib</artifactId>
      </project>
      """;

  static final String APP_POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <parent>
          <groupId>dev.kintsugi.sample</groupId>
          <artifactId>shop-parent</artifactId>
          <version>1.0</version>
        </parent>
        <artifactId>app</artifactId>
        <dependencies>
          <dependency>
            <groupId>${project.groupId}</groupId>
            <artifactId>lib</artifactId>
            <version>${project.version}</version>
          </dependency>
        </dependencies>
      </project>
      """;

  static final String CHECKOUT =
      """
      package shop.app;

      import shop.Cart;

      /** What a customer pays. */
      public class Checkout {
        public static int due(int[] prices) {
          return Cart.total(prices);
        }
      }
      """;

  static final String CHECKOUT_TEST =
      """
      package shop.app;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CheckoutTest {
        @Test
        void dueIsTheSumOfThePrices() {
          assertEquals(6, Checkout.due(new int[] {1, 2, 3}));
        }
      }
      """;

  /** Only {@code lib}'s tests of {@code max}: the off-by-one shows in {@code app} alone. */
  public static final String LIB_TEST_OF_MAX_ONLY =
      SampleProject.CART_TEST.replace(
          """
            @Test
            void totalAddsAllPrices() {
              assertEquals(6, Cart.total(new int[] {1, 2, 3}));
            }
          """,
          "");

  private SampleReactor() {}

  /** The reactor in {@code dir}, {@code lib} with {@code cart} and {@code cartTest}. */
  public static Path write(Path dir, String cart, String cartTest) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("pom.xml"), ROOT_POM);
      SampleProject.write(dir.resolve("lib"), cart, cartTest);
      Files.writeString(dir.resolve("lib/pom.xml"), LIB_POM);
      Path app = dir.resolve("app");
      Files.createDirectories(app.resolve("src/main/java/shop/app"));
      Files.createDirectories(app.resolve("src/test/java/shop/app"));
      Files.writeString(app.resolve("pom.xml"), APP_POM);
      Files.writeString(app.resolve("src/main/java/shop/app/Checkout.java"), CHECKOUT);
      Files.writeString(app.resolve("src/test/java/shop/app/CheckoutTest.java"), CHECKOUT_TEST);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

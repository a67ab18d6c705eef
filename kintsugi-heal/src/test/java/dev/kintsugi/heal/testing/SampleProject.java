package dev.kintsugi.heal.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/** Writes small real Maven projects (JUnit 5) for end-to-end heal tests. */
public final class SampleProject {

  public static final String POM =
      """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>dev.kintsugi.sample</groupId>
        <artifactId>sample</artifactId>
        <version>1.0</version>
        <properties>
          <maven.compiler.release>17</maven.compiler.release>
          <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
        </properties>
        <dependencies>
          <dependency>
            <groupId>org.junit.jupiter</groupId>
            <artifactId>junit-jupiter</artifactId>
            <version>5.14.1</version>
            <scope>test</scope>
          </dependency>
        </dependencies>
        <build>
          <plugins>
            <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.4</version></plugin>
            <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.14.0</version></plugin>
            <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
          </plugins>
        </build>
      </project>
      """;

  /** Sums prices with an off-by-one loop bound: {@code i <= prices.length}. */
  public static final String BUGGY_CART =
      """
      package shop;

      /** A shopping cart's arithmetic. */
      public class Cart {
        public static int total(int[] prices) {
          int sum = 0;
          for (int i = 0; i <= prices.length; i++) {
            sum += prices[i];
          }
          return sum;
        }

        public static int max(int[] prices) {
          int best = 0;
          for (int p : prices) {
            best = Math.max(best, p);
          }
          return best;
        }
      }
      """;

  public static final String CART_TEST =
      """
      package shop;

      import static org.junit.jupiter.api.Assertions.assertEquals;

      import org.junit.jupiter.api.Test;

      class CartTest {
        @Test
        void totalAddsAllPrices() {
          assertEquals(6, Cart.total(new int[] {1, 2, 3}));
        }

        @Test
        void maxFindsTheLargest() {
          assertEquals(7, Cart.max(new int[] {1, 7, 3}));
        }

        @Test
        void maxOfNothingIsZero() {
          assertEquals(0, Cart.max(new int[] {}));
        }
      }
      """;

  private SampleProject() {}

  /** A project whose {@code CartTest#totalAddsAllPrices} fails with an index out of bounds. */
  public static Path buggyCart(Path dir) {
    return write(dir, BUGGY_CART, CART_TEST);
  }

  public static Path write(Path dir, String cart, String test) {
    try {
      Files.createDirectories(dir.resolve("src/main/java/shop"));
      Files.createDirectories(dir.resolve("src/test/java/shop"));
      Files.writeString(dir.resolve("pom.xml"), POM);
      Files.writeString(dir.resolve("src/main/java/shop/Cart.java"), cart);
      Files.writeString(dir.resolve("src/test/java/shop/CartTest.java"), test);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A digest of the working tree under {@code dir} (paths and bytes), {@code .git} excluded. */
  public static String treeDigest(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (Path p : files.filter(p -> !dir.relativize(p).startsWith(".git")).sorted().toList()) {
        sha.update(dir.relativize(p).toString().getBytes());
        if (Files.isRegularFile(p)) {
          sha.update(Files.readAllBytes(p));
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.kintsugi.heal.production;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.incident.IncidentHealRequest;
import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SightedInAppFramesTest {

  private static final CapturedFrame CART =
      new CapturedFrame("shop.Cart", "total", "Cart.java", 3, true, null);
  private static final CapturedFrame FILES =
      new CapturedFrame("java.nio.file.Files", "delete", "Files.java", 1, true, null);
  private static final CapturedFrame LOOKALIKE =
      new CapturedFrame("shopping.Evil", "run", "Evil.java", 1, true, null);

  private static SightedInAppFrames gate(List<String> packages, Map<String, Integer> seen) {
    ProductionError error =
        new ProductionError(
            "e",
            List.of(new CapturedException("java.lang.IllegalStateException", "", List.of(CART))),
            Optional.empty(),
            Optional.empty());
    return new SightedInAppFrames(
        new IncidentHealRequest(1, "t", "/r", packages, error, List.of(), seen, 2));
  }

  @Test
  void aProjectMethodSeenInEnoughEventsMayBeCalled() {
    assertThat(gate(List.of("shop"), Map.of("shop.Cart.total", 2)).refusal(CART)).isEmpty();
  }

  @Test
  void aMethodSeenInFewerEventsIsRefusedWithTheCounts() {
    assertThat(gate(List.of("shop"), Map.of("shop.Cart.total", 1)).refusal(CART).orElseThrow())
        .contains("seen in 1 event(s)")
        .contains("at least 2");
  }

  @Test
  void theEventsInAppFlagDoesNotMakeAJdkMethodCallable() {
    assertThat(
            gate(List.of("shop"), Map.of("java.nio.file.Files.delete", 9))
                .refusal(FILES)
                .orElseThrow())
        .contains("not in the project's in-app packages");
    assertThat(gate(List.of("shop"), Map.of("shopping.Evil.run", 9)).refusal(LOOKALIKE))
        .as("a package prefix matches whole segments only")
        .isPresent();
  }

  @Test
  void aProjectWithoutInAppPackagesLetsNothingBeCalled() {
    assertThat(gate(List.of(), Map.of("shop.Cart.total", 5)).refusal(CART).orElseThrow())
        .contains("declares no in-app packages");
  }
}

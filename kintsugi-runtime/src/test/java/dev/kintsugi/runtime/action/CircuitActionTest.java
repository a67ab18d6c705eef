package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuit action opens the agent's kill switch through {@link Circuits}; its undo closes it.
 */
class CircuitActionTest {

  private final InMemoryCircuits circuits = new InMemoryCircuits();
  private final ActionSettings settings = TestActions.settings(Map.of(), List.of(), circuits);

  @Test
  void opensTheCircuitOfTheMethodWithItsFallbackAndTtlAndItsUndoClosesIt() throws Exception {
    ActionOutcome outcome =
        TestActions.parse(
                "{circuit: {method: 'com.acme.Pricing#quote', fallback: '0', ttl: 15m}}", settings)
            .run();

    assertThat(outcome.done()).isTrue();
    assertThat(circuits.open).containsExactly(Map.entry("shop/com.acme.Pricing#quote", "0"));
    assertThat(circuits.ttls).containsEntry("shop/com.acme.Pricing#quote", Duration.ofMinutes(15));

    ActionOutcome closed = outcome.undo().orElseThrow().run();

    assertThat(closed.done()).isTrue();
    assertThat(circuits.open).isEmpty();
  }

  @Test
  void withoutAFallbackTheCircuitFailsFastInTheNamedProject() throws Exception {
    RuntimeAction action =
        TestActions.parse(
            "{circuit: {method: 'com.acme.Pricing$Inner#quote', project: billing}}", settings);

    action.run();

    assertThat(circuits.open)
        .containsExactly(Map.entry("billing/com.acme.Pricing$Inner#quote", ""));
    assertThat(circuits.ttls)
        .containsEntry("billing/com.acme.Pricing$Inner#quote", Duration.ofMinutes(10));
    assertThat(action.describe())
        .isEqualTo("circuit: open com.acme.Pricing$Inner#quote of billing for 600 s, failing fast");
  }

  @Test
  void aCircuitsFailureIsAFailedOutcome() throws Exception {
    Circuits broken =
        new InMemoryCircuits() {
          @Override
          public void open(
              String project, String method, java.util.Optional<String> fallback, Duration ttl) {
            throw new IllegalStateException("database is down");
          }
        };

    ActionOutcome outcome =
        TestActions.parse(
                "{circuit: {method: 'a.B#c'}}", TestActions.settings(Map.of(), List.of(), broken))
            .run();

    assertThat(outcome.done()).isFalse();
    assertThat(outcome.detail()).contains("database is down");
  }
}

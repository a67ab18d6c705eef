package dev.kintsugi.runtime.runbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunbooksTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<Runbook> parse(String yaml) throws Exception {
    JsonNode root = YAML.readTree(yaml);
    return Runbooks.parse(root.get("runbooks"), "runbooks", new TestActions());
  }

  @Test
  void readsEveryPartOfARunbook() throws Exception {
    List<Runbook> runbooks =
        parse(
            """
            runbooks:
              - name: restart-shop
                project: shop
                environment: staging
                when: { health: shop-http, failing: 3 }
                do:
                  - restart: { name: shop }
                  - best: [ { flag: { name: slow-path } }, { circuit: { name: pricing } } ]
                verify: { within: 90s, every: 500ms }
                else: [ escalate ]
                guards: { dryRun: true, cooldown: 10m, maxAttemptsPerHour: 2, approval: required }
              - name: oom
                project: shop
                when: { incident: { exception: java.lang.OutOfMemoryError } }
                do: [ { restart: { name: shop } } ]
            """);

    Runbook first = runbooks.get(0);
    assertThat(first.name()).isEqualTo("restart-shop");
    assertThat(first.environment()).isEqualTo("staging");
    assertThat(first.when()).isEqualTo(new Trigger.HealthFailing("shop-http", 3));
    assertThat(first.steps()).hasSize(2);
    assertThat(first.steps().get(1).alternatives())
        .extracting(a -> a.describe())
        .containsExactly("flag slow-path", "circuit pricing");
    assertThat(first.verify())
        .isEqualTo(new Runbook.Verify(Duration.ofSeconds(90), Duration.ofMillis(500)));
    assertThat(first.undoOnFailure()).isFalse();
    assertThat(first.escalateOnFailure()).isTrue();
    assertThat(first.guards()).isEqualTo(new Runbook.Guards(true, Duration.ofMinutes(10), 2, true));

    Runbook second = runbooks.get(1);
    assertThat(second.environment()).isEqualTo("production");
    assertThat(second.when())
        .isEqualTo(
            new Trigger.IncidentMatching(
                Optional.of("java.lang.OutOfMemoryError"), Optional.empty()));
    assertThat(second.verify()).isEqualTo(Runbook.Verify.DEFAULT);
    assertThat(second.guards()).isEqualTo(Runbook.Guards.DEFAULT);
    assertThat(second.undoOnFailure()).isTrue();
    assertThat(second.escalateOnFailure()).isTrue();
  }

  @Test
  void readsEachKindOfTrigger() throws Exception {
    List<Runbook> runbooks =
        parse(
            """
            runbooks:
              - { name: a, project: p, when: { anomaly: shop/p99, score: 0.9 }, do: [ { r: { name: x } } ] }
              - { name: b, project: p, when: { alert: HighErrorRate }, do: [ { r: { name: x } } ] }
              - { name: c, project: p, when: { incident: { fingerprint: abc } }, do: [ { r: { name: x } } ] }
            """);

    assertThat(runbooks)
        .extracting(Runbook::when)
        .containsExactly(
            new Trigger.AnomalyAbove("shop/p99", 0.9),
            new Trigger.AlertFiring("HighErrorRate"),
            new Trigger.IncidentMatching(Optional.empty(), Optional.of("abc")));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ], typo: 1 }"
            + "|runbooks[0].typo",
        "{ name: a, project: p, do: [ { r: { name: x } } ] }|runbooks[0].when",
        "{ name: a, project: p, when: { alert: X }, do: [] }|runbooks[0].do",
        "{ name: a, project: p, when: { alert: X } }|runbooks[0].do",
        "{ project: p, when: { alert: X }, do: [ { r: { name: x } } ] }|runbooks[0].name",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ],"
            + " verify: { within: 1 minute } }|runbooks[0].verify.within",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ],"
            + " guards: { maxAttemptsPerHour: -1 } }|runbooks[0].guards.maxAttemptsPerHour",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ],"
            + " guards: { cooldown: 5 } }|runbooks[0].guards.cooldown",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ],"
            + " guards: { approval: maybe } }|runbooks[0].guards.approval",
        "{ name: a, project: p, when: { health: h, failing: -3 }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when.failing",
        "{ name: a, project: p, when: { health: h, score: 0.5 }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when.score",
        "{ name: a, project: p, when: { anomaly: s, score: 2 }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when.score",
        "{ name: a, project: p, when: { anomaly: s }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when.score",
        "{ name: a, project: p, when: { alert: X, health: h }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when",
        "{ name: a, project: p, when: { incident: {} }, do: [ { r: { name: x } } ] }"
            + "|runbooks[0].when.incident",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ], else: [ retry ] }"
            + "|runbooks[0].else[0]",
        "{ name: a, project: p, when: { alert: X }, do: [ { best: [] } ] }|runbooks[0].do[0].best",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { name: x }, s: { name: y } } ] }"
            + "|runbooks[0].do[0]",
        "{ name: a, project: p, when: { alert: X }, do: [ { r: { nam: x } } ] }"
            + "|runbooks[0].do[0].r.nam",
        "{ name: a, project: p, when: { alert: X }, do: [ { best: [ { r: { name: x } }, 3 ] } ] }"
            + "|runbooks[0].do[0].best[1]",
      })
  void aMistakeNamesItsField(String runbook, String field) {
    assertThatThrownBy(() -> parse("runbooks:\n  - " + runbook + "\n"))
        .isInstanceOf(RuntimeConfigException.class)
        .satisfies(e -> assertThat(((RuntimeConfigException) e).field()).isEqualTo(field));
  }

  @Test
  void aNameUsedTwiceIsAnError() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    runbooks:
                      - { name: a, project: p, when: { alert: X }, do: [ { r: { name: x } } ] }
                      - { name: a, project: q, when: { alert: Y }, do: [ { r: { name: x } } ] }
                    """))
        .isInstanceOf(RuntimeConfigException.class)
        .hasMessage("runbooks[1].name: \"a\" is already a runbook's name");
  }

  @Test
  void noListMeansNoRunbooksAndAMappingIsAnError() throws Exception {
    assertThat(Runbooks.parse(null, "runbooks", new TestActions())).isEmpty();
    assertThatThrownBy(() -> parse("runbooks: { name: a }"))
        .isInstanceOf(RuntimeConfigException.class)
        .hasMessageStartingWith("runbooks: must be a list");
  }
}

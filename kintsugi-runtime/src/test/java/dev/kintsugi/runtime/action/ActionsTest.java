package dev.kintsugi.runtime.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading actions from runbook YAML: every shape, and errors that name the field. */
class ActionsTest {

  private final ActionSettings settings =
      TestActions.settings(System.getenv(), List.of("touch"), new InMemoryCircuits());

  @Nested
  class Shapes {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            restart | {restart: {pidFile: /run/shop.pid, command: [/usr/bin/java, -jar, shop.jar], readyUrl: 'http://localhost:8080/health'}} | restart: stop the process in /run/shop.pid, start /usr/bin/java -jar shop.jar, ready when http://localhost:8080/health answers 2xx
            systemd | {systemd: {unit: shop.service}} | systemd: systemctl restart shop.service
            http | {http: {method: POST, url: 'http://localhost:8080/admin/drain'}} | http: POST http://localhost:8080/admin/drain, expecting 200-299
            command | {command: [touch, /tmp/kintsugi-drain]} | command: %TOUCH% /tmp/kintsugi-drain
            kubernetes.scale | {kubernetes.scale: {deployment: shop, namespace: default, replicas: 3}} | kubernetes.scale: deployment default/shop to 3 replicas
            kubernetes.restart | {kubernetes.restart: {statefulset: db, context: prod}} | kubernetes.restart: rollout restart of statefulset default/db (context prod)
            kubernetes.undo | {kubernetes.undo: {deployment: shop, namespace: shop}} | kubernetes.undo: roll deployment shop/shop back to its previous revision
            flag | {flag: {file: /etc/flagd/flags.json, flag: new-pricing, variant: off, flagdUrl: 'http://localhost:8016'}} | flag: set new-pricing to variant off in /etc/flagd/flags.json, confirmed through flagd at http://localhost:8016
            circuit | {circuit: {method: 'com.acme.Pricing#quote', fallback: '0', ttl: 10m}} | circuit: open com.acme.Pricing#quote of shop for 600 s, returning 0
            """)
    void eachKindReadsItsShape(String kind, String yaml, String described) throws Exception {
      RuntimeAction action = TestActions.parse(yaml, settings);

      assertThat(action.kind()).isEqualTo(kind);
      String touch = Executables.resolve("touch", System.getenv()).orElseThrow().toString();
      assertThat(action.describe()).isEqualTo(described.replace("%TOUCH%", touch));
      assertThat(Actions.KINDS).contains(kind);
    }
  }

  @Nested
  class Errors {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            not a mapping | [restart] | do[0]: must be a mapping with one action
            two actions | {http: {url: 'http://x'}, systemd: {unit: a.service}} | do[0]: must be a mapping with one action
            unknown kind | {reboot: {now: true}} | do[0].reboot: unknown action (expected one of: restart, systemd
            unknown field | {http: {url: 'http://x', retries: 3}} | do[0].http.retries: unknown field (expected one of: method, url, headers, body, timeout, expect)
            body not a mapping | {http: 'http://x'} | do[0].http: must be a mapping, was "http://x"
            missing url | {http: {method: GET}} | do[0].http.url: is required
            bad url | {http: {url: 'file:///etc/passwd'}} | do[0].http.url: must be an http:// or https:// URL with a host, was "file:///etc/passwd"
            bad method | {http: {url: 'http://x', method: TRACE}} | do[0].http.method: must be one of GET, POST, PUT, PATCH, DELETE, HEAD, was "TRACE"
            bad expect | {http: {url: 'http://x', expect: 700}} | do[0].http.expect: must be a status (204), a range ("200-299") or a class ("2xx"), was 700
            restricted header | {http: {url: 'http://x', headers: {Host: evil}}} | do[0].http.headers.Host: is not a header that can be set
            bad duration | {http: {url: 'http://x', timeout: 10 minutes}} | do[0].http.timeout: must be a duration such as 500ms, 5s, 2m, 1h, 7d or PT10M, was "10 minutes"
            zero duration | {circuit: {method: 'a.B#c', ttl: 0s}} | do[0].circuit.ttl: must be longer than zero
            replicas as text | {kubernetes.scale: {deployment: shop, replicas: three}} | do[0].kubernetes.scale.replicas: must be a whole number, was "three"
            negative replicas | {kubernetes.scale: {deployment: shop, replicas: -1}} | do[0].kubernetes.scale.replicas: must be between 0 and 10000, was -1
            missing replicas | {kubernetes.scale: {deployment: shop}} | do[0].kubernetes.scale.replicas: is required
            no workload | {kubernetes.restart: {namespace: prod}} | do[0].kubernetes.restart.deployment: give either deployment or statefulset
            undo of a statefulset | {kubernetes.undo: {statefulset: db}} | do[0].kubernetes.undo.statefulset: rollout undo is for deployments only
            bad unit | {systemd: {unit: '--now.service'}} | do[0].systemd.unit: must be a unit name like shop.service
            unit without suffix | {systemd: {unit: shop}} | do[0].systemd.unit: must be a unit name like shop.service
            user not boolean | {systemd: {unit: shop.service, user: yes please}} | do[0].systemd.user: must be true or false, was "yes please"
            command not allowed | {command: [rm, -rf, /]} | do[0].command[0]: "rm" is not among the allowed commands
            empty command | {command: []} | do[0].command: must be a non-empty list of strings, was []
            command argument not text | {command: [touch, {a: b}]} | do[0].command[1]: must be a non-empty string
            restart without pid | {restart: {command: [sleep, '1']}} | do[0].restart.pidFile: give either pidFile or pid
            restart without command | {restart: {pid: 42}} | do[0].restart.command: is required
            restart env not mapping | {restart: {pid: 42, command: [x], env: [A]}} | do[0].restart.env: must be a mapping, was ["A"]
            flag without change | {flag: {file: f.json, flag: a}} | do[0].flag.variant: give a variant, a state or both
            flag bad state | {flag: {file: f.json, flag: a, state: OFF}} | do[0].flag.state: must be ENABLED or DISABLED, was "OFF"
            flag missing file | {flag: {flag: a, variant: b}} | do[0].flag.file: is required
            circuit bad method | {circuit: {method: 'Pricing.quote()'}} | do[0].circuit.method: must be Class#method (com.acme.Pricing#quote), was "Pricing.quote()"
            """)
    void nameTheField(String what, String yaml, String message) {
      assertThatThrownBy(() -> TestActions.parse(yaml, settings))
          .isInstanceOf(RuntimeConfigException.class)
          .hasMessageStartingWith(message);
    }

    @Test
    void theExceptionCarriesTheFieldPath() {
      assertThatThrownBy(
              () ->
                  TestActions.parse(
                      "{kubernetes.scale: {deployment: shop, replicas: x}}", settings))
          .isInstanceOfSatisfying(
              RuntimeConfigException.class,
              e -> assertThat(e.field()).isEqualTo("do[0].kubernetes.scale.replicas"));
    }
  }

  @Nested
  class YamlBooleans {

    @Test
    void readWithBooleanLikeWordsAsStringsOffIsTheVariantNamedOff() throws Exception {
      RuntimeAction action =
          TestActions.parse("{flag: {file: f.json, flag: a, variant: off}}", settings);

      assertThat(action.describe()).startsWith("flag: set a to variant off in");
    }

    @Test
    void readAsYaml11AnUnquotedOffIsRefusedRatherThanTakenAsFalse() throws Exception {
      JsonNode node =
          new ObjectMapper(new YAMLFactory())
              .readTree("{flag: {file: f.json, flag: a, variant: off}}");

      assertThatThrownBy(() -> Actions.parse(node, "do[0]", settings))
          .isInstanceOf(RuntimeConfigException.class)
          .hasMessage("do[0].flag.variant: was read as the boolean false: quote the name ('off')");
    }
  }
}

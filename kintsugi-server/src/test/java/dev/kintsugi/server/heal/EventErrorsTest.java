package dev.kintsugi.server.heal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.core.signal.CapturedException;
import dev.kintsugi.core.signal.CapturedFrame;
import dev.kintsugi.core.signal.ProductionError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventErrorsTest {

  private final EventErrors errors = new EventErrors(new ObjectMapper());

  @Test
  void readsTheChainFramesAndArgumentSnapshotsOfAnAgentEvent() throws IOException {
    String event =
        """
        {"event_id":"abc","release":"0123abcd","environment":"prod",
         "exception":{"values":[
          {"type":"NullPointerException","module":"java.lang","value":"boom",
           "stacktrace":{"frames":[
             {"module":"java.lang.Thread","function":"run","lineno":1},
             {"module":"com.acme.Cart","function":"total","filename":"Cart.java","lineno":12,
              "in_app":true,
              "vars":{"this":{"@class":"com.acme.Cart","size":2},"items":["a",null],"n":3,
                      "price":1.5,"flag":true,"code":null}},
             {"function":"native"}]}},
          {"type":"com.acme.ServiceException","value":"wrapped","stacktrace":{"frames":[]}}]}}
        """;

    ProductionError error =
        errors.read(event.getBytes(StandardCharsets.UTF_8), List.of("com.acme"));

    assertThat(error.eventId()).isEqualTo("abc");
    assertThat(error.release()).contains("0123abcd");
    assertThat(error.environment()).contains("prod");
    assertThat(error.exceptions())
        .extracting(CapturedException::type)
        .containsExactly("java.lang.NullPointerException", "com.acme.ServiceException");
    CapturedException root = error.rootCause().orElseThrow();
    assertThat(root.frames()).hasSize(2); // the frame without a module is not a JVM frame
    assertThat(root.frames().get(0).inApp()).isFalse();
    CapturedFrame cart = root.throwSiteInApp().orElseThrow();
    assertThat(cart.qualifiedMethod()).isEqualTo("com.acme.Cart.total");
    assertThat(cart.line()).isEqualTo(12);
    assertThat(cart.vars().keySet()).containsExactly("this", "items", "n", "price", "flag", "code");
    assertThat(cart.vars().get("items")).isEqualTo(java.util.Arrays.asList("a", null));
    assertThat(cart.vars().get("n")).isEqualTo(3);
    assertThat(cart.vars().get("price")).isEqualTo(1.5);
    assertThat(cart.vars().get("flag")).isEqualTo(true);
    assertThat(cart.vars()).containsEntry("code", null);
    assertThat(cart.vars().get("this")).isEqualTo(Map.of("@class", "com.acme.Cart", "size", 2));
  }

  @Test
  void usesTheSdkInAppFlagWhenTheProjectHasNoPrefixesAndToleratesMissingParts() throws IOException {
    ProductionError error =
        errors.read(
            ("{\"exception\":[{\"stacktrace\":{\"frames\":[{\"module\":\"x.Y\",\"function\":\"f\","
                    + "\"in_app\":true}]}}]}")
                .getBytes(StandardCharsets.UTF_8),
            List.of());
    assertThat(error.eventId()).isEmpty();
    assertThat(error.release()).isEmpty();
    CapturedException e = error.rootCause().orElseThrow();
    assertThat(e.type()).isEqualTo("java.lang.Throwable");
    assertThat(e.frames().get(0).inApp()).isTrue();
    assertThat(errors.read("{}".getBytes(StandardCharsets.UTF_8), List.of()).exceptions())
        .isEmpty();
  }

  @Test
  void refusesAPayloadThatIsNotAnObject() {
    assertThatThrownBy(() -> errors.read("[1]".getBytes(StandardCharsets.UTF_8), List.of()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a JSON object");
  }
}

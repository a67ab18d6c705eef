package dev.kintsugi.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {
  /** Three event items allowed: the framing tests below read several. */
  private final EnvelopeReader reader =
      new EnvelopeReader(new ObjectMapper(), new Limits(1 << 20, 64 * 1024, 3, 10, 1000));

  /** Hands out at most 7 bytes per read, so lines and items straddle buffer refills. */
  private static InputStream trickle(String s) {
    return new FilterInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 7));
      }
    };
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void readsEventsWithAndWithoutLengthAndSkipsOtherItems() throws Exception {
    String big = "{\"message\":\"" + "x".repeat(20_000) + "\"}";
    String env =
        "{\"event_id\":\"abc\"}\n"
            + "{\"type\":\"session\",\"length\":5}\nsssss\n"
            + "{\"type\":\"event\",\"length\":7}\n{\"a\":1}\n"
            + "\n"
            + "{\"type\":\"attachment\"}\nignored line\n"
            + "{\"type\":\"event\"}\n"
            + big
            + "\n"
            + "{\"type\":\"event\",\"length\":2}\n{}";
    for (InputStream in :
        new InputStream[] {
          new ByteArrayInputStream(env.getBytes(StandardCharsets.UTF_8)), trickle(env)
        }) {
      Envelope e = reader.read(in);
      assertThat(e.eventId()).isEqualTo("abc");
      assertThat(e.events())
          .extracting(EnvelopeReaderTest::text)
          .containsExactly("{\"a\":1}", big, "{}");
    }
  }

  @Test
  void headersAreReadForTheirFieldsOnlyAndBadOnesNamed() throws Exception {
    Envelope e =
        reader.read(
            trickle(
                "{\"sdk\":{\"name\":\"x\",\"v\":[1,2]},\"dsn\":null}\n"
                    + "{\"length\":null,\"type\":\"event\",\"extra\":{\"a\":[{}]}}\n{\"c\":3}"));
    assertThat(e.eventId()).isEmpty();
    assertThat(e.events()).extracting(EnvelopeReaderTest::text).containsExactly("{\"c\":3}");

    String[][] bad = {
      {"[1]\n", "envelope header is not a JSON object"},
      {"{\"event_id\":\n", "envelope header is not valid JSON"},
      {"{}\n\"event\"\n{}", "item header is not a JSON object"},
      {"{}\n{\"type\":\"event\",\"length\":-2}\n{}", "bad item length: -2"},
      {"{}\n{\"type\":\"event\",\"length\":\"7\"}\n{}", "bad item length: 7"},
      {"{}\n{\"type\":\"event\",\"length\":{}}\n{}", "bad item length: not a number"},
      {"{}\n{\"type\":{\"x\":1}}\n{}", "item header without type"},
    };
    for (String[] c : bad) {
      assertThatThrownBy(() -> reader.read(trickle(c[0])))
          .as(c[0])
          .isInstanceOf(Rejection.class)
          .hasMessage(c[1]);
    }
  }

  @Test
  void anEventWithoutLengthEndsTheBody() throws Exception {
    Envelope e = reader.read(trickle("{}\n{\"type\":\"event\"}\n{\"b\":2}"));
    assertThat(e.events()).extracting(EnvelopeReaderTest::text).containsExactly("{\"b\":2}");
  }

  @Test
  void truncatedItemsAreMalformedAndLongLinesTooLarge() {
    assertThatThrownBy(() -> reader.read(trickle("{}\n{\"type\":\"event\",\"length\":50}\n{}")))
        .isInstanceOf(Rejection.class)
        .extracting(r -> ((Rejection) r).status())
        .isEqualTo(400);
    assertThatThrownBy(() -> reader.read(trickle("{}\n{\"type\":\"session\",\"length\":50}\nab")))
        .isInstanceOf(Rejection.class)
        .extracting(r -> ((Rejection) r).status())
        .isEqualTo(400);
    String longLine = "{}\n{\"type\":\"event\"}\n{\"m\":\"" + "y".repeat(70_000) + "\"}\n";
    assertThatThrownBy(() -> reader.read(trickle(longLine)))
        .isInstanceOf(Rejection.class)
        .extracting(r -> ((Rejection) r).status())
        .isEqualTo(413);
    assertThatThrownBy(() -> reader.read(trickle("")))
        .isInstanceOf(Rejection.class)
        .extracting(r -> ((Rejection) r).status())
        .isEqualTo(400);
  }

  @Test
  void moreEventItemsThanAllowedAreRefusedBeforeTheirPayloadIsRead() {
    EnvelopeReader one = new EnvelopeReader(new ObjectMapper(), Limits.sentry());
    String item = "{\"type\":\"event\",\"length\":7}\n{\"a\":1}\n";
    String transaction = "{\"type\":\"transaction\",\"length\":2}\n{}\n";
    // The second item's payload is never there: the refusal comes on its header.
    for (String env : new String[] {"{}\n" + item + item, "{}\n" + item + transaction}) {
      assertThatThrownBy(() -> one.read(trickle(env.substring(0, env.length() - 3))))
          .isInstanceOf(Rejection.class)
          .hasMessageContaining("more than 1 event or transaction item")
          .extracting(r -> ((Rejection) r).status())
          .isEqualTo(400);
    }
  }

  @Test
  void attachmentsBesideOneEventAreFineButNotWithoutEnd() throws Exception {
    String attachment = "{\"type\":\"attachment\",\"length\":3}\nabc\n";
    String ok = "{}\n{\"type\":\"event\",\"length\":2}\n{}\n" + attachment.repeat(9);
    assertThat(reader.read(trickle(ok)).events()).hasSize(1);
    assertThatThrownBy(() -> reader.read(trickle(ok + attachment)))
        .isInstanceOf(Rejection.class)
        .hasMessage("envelope holds more than 10 items");
  }
}

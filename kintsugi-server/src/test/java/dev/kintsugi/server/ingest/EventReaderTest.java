package dev.kintsugi.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.server.LeakyEvents;
import dev.kintsugi.server.group.Fingerprinter;
import dev.kintsugi.server.group.Grouping;
import dev.kintsugi.server.scrub.ScrubRules;
import dev.kintsugi.server.scrub.Scrubber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Within its caps the one-pass reader gives the same stored bytes and grouping as the tree it
 * replaced: parse, set {@code event_id}, {@link Scrubber#scrub}, group, serialise.
 */
class EventReaderTest {
  /** Caps no test event reaches: the reader only scrubs. */
  private static final EventCaps NO_CAPS =
      new EventCaps(100, 100, 1000, 1 << 20, 1 << 20, 1000, 1000, Map.of());

  private static final String ID = "0123456789abcdef0123456789abcdef";
  private static final String OTHER = "fedcba9876543210fedcba9876543210";
  private static final List<String> PREFIXES = List.of("com.acme");

  private final ObjectMapper json = new ObjectMapper();
  private final Scrubber scrubber = new Scrubber(ScrubRules.defaults());
  private final Fingerprinter fingerprinter = new Fingerprinter();

  private void assertSameAsTree(Scrubber scrubber, String event) throws Exception {
    byte[] payload = event.getBytes(StandardCharsets.UTF_8);
    // The reference: the tree path.
    ObjectNode tree = (ObjectNode) json.readTree(payload);
    String id = IngestHandler.eventId(tree.path("event_id").asText("")).orElse(OTHER);
    tree.put("event_id", id);
    scrubber.scrub(tree);
    Grouping expected = fingerprinter.group(tree, PREFIXES);

    EventReader.Read read = new EventReader(json, scrubber, NO_CAPS).read(payload, () -> OTHER);
    assertThat(read.eventId()).isEqualTo(id);
    assertThat(new String(read.stored(), StandardCharsets.UTF_8))
        .isEqualTo(new String(json.writeValueAsBytes(tree), StandardCharsets.UTF_8));
    assertThat(fingerprinter.group(read.grouping(), PREFIXES)).isEqualTo(expected);
    for (String field : List.of("release", "environment")) {
      assertThat(text(read.grouping(), field)).as(field).isEqualTo(text(tree, field));
    }
  }

  private static Optional<String> text(JsonNode event, String field) {
    JsonNode v = event.get(field);
    return v != null && v.isValueNode() ? Optional.of(v.asText()) : Optional.empty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{'event_id':'"
            + ID
            + "','release':'1.0','environment':'prod','level':'error',"
            + "'message':{'formatted':'payment failed for card 4111 1111 1111 1111'},"
            + "'extra':{'password':'hunter2','orderId':'A-1','n':null,'token':null},"
            + "'exception':{'values':[{'type':'IllegalStateException','module':'java.lang',"
            + "'value':'order 7 in bad state','stacktrace':{'frames':["
            + "{'module':'org.spring.Dispatcher','function':'handle','lineno':10,'in_app':false},"
            + "{'module':'com.acme.Checkout','function':'lambda$step$0','filename':'C.java',"
            + "'lineno':42,'in_app':true,'vars':{'secret':'s','card':'5500 0000 0000 0004',"
            + "'user':'bob','nested':[['Cookie','sid=1'],['Host','h'],['auth'],['token',null],"
            + "['token','a','b'],['session',{'a':1}],['csrf',[1,2]],[1,'password']]}}]}}]}}",
        "{'message':'disk 93% full on 10.0.0.1','logger':'app','level':'warning'}",
        "{'logentry':{'message':'user %s failed','formatted':'user 12 failed'},'transaction':'/x'}",
        "{'exception':[{'type':'E','value':'boom','stacktrace':{'frames':[{'module':'a.B',"
            + "'function':'f'}]}}],'fingerprint':['{{ default }}','custom-part']}",
        "{'event_id':'not-an-id','fingerprint':['token','x'],'release':42,'environment':null}",
        "{'event_id':12,'timestamp':1700000000.125,'big':123456789012345678901234567890,"
            + "'f':1.5e300,'neg':-0.0,'t':true,'u':'\\u00e9\\u2028\\ud83d\\ude00 \\\"q\\\" \\n',"
            + "'request':{'headers':{'Authorization':'Bearer x','Accept':'text/html'},"
            + "'cookies':[['a','b']],'data':{'apiKey':['x'],'list':[[],{},[[]]]}}}",
        "{'extra':{'pem':'-----BEGIN RSA PRIVATE KEY-----\\nabc\\n-----END RSA PRIVATE KEY-----',"
            + "'id':'a4111111111111111b','author':'me','Set-Cookie':'x'}}",
        "{}",
      })
  void sameResultAsTheTree(String event) throws Exception {
    assertSameAsTree(scrubber, event.replace('\'', '"'));
  }

  @Test
  void extraValuePatternsApplyToo() throws Exception {
    Scrubber custom = new Scrubber(ScrubRules.withValuePatterns(List.of("emp-\\d{6}")));
    assertSameAsTree(custom, "{\"message\":\"employee emp-123456 failed\",\"x\":[\"emp-000001\"]}");
  }

  @Test
  void randomEventsGiveTheSameResultAsTheTree() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 500; i++) {
      StringBuilder b = new StringBuilder();
      randomObject(random, b, 0);
      assertSameAsTree(scrubber, b.toString());
    }
  }

  @Test
  void theFindingsOfIssue18AreScrubbedFromTheStoredEventAndTheGroupingFields() throws Exception {
    EventReader reader = new EventReader(json, scrubber);
    for (String event : List.of(LeakyEvents.main(ID), LeakyEvents.queryPairs(ID))) {
      EventReader.Read read = reader.read(event.getBytes(StandardCharsets.UTF_8), () -> OTHER);
      String stored = new String(read.stored(), StandardCharsets.UTF_8);
      for (String secret : LeakyEvents.secrets()) {
        assertThat(stored).as("stored").doesNotContain(secret);
        assertThat(read.grouping().toString()).as("grouping").doesNotContain(secret);
      }
    }
    JsonNode stored =
        json.readTree(
            reader
                .read(LeakyEvents.main(ID).getBytes(StandardCharsets.UTF_8), () -> OTHER)
                .stored());
    // The text around each secret is kept.
    assertThat(stored.at("/message").asText())
        .isEqualTo(
            "sync failed key [aws-key] password=[Filtered] auth Bearer [Filtered] jwt [jwt]");
    assertThat(stored.at("/request/url").asText())
        .isEqualTo("https://shop.example/login?user=bob&password=[Filtered]");
    assertThat(stored.at("/request/headers/Accept").asText()).isEqualTo("text/html");
    assertThat(stored.at("/extra/db").asText())
        .isEqualTo("postgres://app:[Filtered]@db.internal:5432/shop");
    assertThat(stored.at("/extra/note").asText()).isEqualTo("card [creditcard] ssn [usssn]");
    assertThat(stored.at("/exception/values/0/stacktrace/frames/0/vars/user").asText())
        .isEqualTo("bob");
    assertThat(stored.at("/exception/values/0/stacktrace/frames/0/vars/pin").asText())
        .isEqualTo("[Filtered]");
    assertThat(stored.at("/exception/values/0/stacktrace/frames/1/vars/0").asText())
        .isEqualTo("Bearer [Filtered]");
  }

  @Test
  void theTitleIsMadeFromScrubbedTextOnly() {
    EventReader.Read read =
        new EventReader(json, scrubber)
            .read(LeakyEvents.main(ID).getBytes(StandardCharsets.UTF_8), () -> OTHER);
    Grouping grouping = fingerprinter.group(read.grouping(), PREFIXES);
    assertThat(grouping.title())
        .isEqualTo("IllegalStateException: login failed pw=[Filtered]")
        .doesNotContain(LeakyEvents.TITLE_SECRET);
  }

  @Test
  void aMissingEventIdIsAddedAtTheEnd() {
    EventReader.Read read =
        new EventReader(json, scrubber)
            .read("{\"a\":1}".getBytes(StandardCharsets.UTF_8), () -> OTHER);
    assertThat(new String(read.stored(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1,\"event_id\":\"" + OTHER + "\"}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "[]", "null", "42", "{\"a\":", "{\"a\" 1}", "{\"a\":[1,}"})
  void nonObjectsAndBrokenJsonAreMalformed(String payload) {
    assertThatThrownBy(
            () ->
                new EventReader(json, scrubber)
                    .read(payload.getBytes(StandardCharsets.UTF_8), () -> OTHER))
        .isInstanceOf(Rejection.class)
        .extracting(r -> ((Rejection) r).status())
        .isEqualTo(400);
  }

  private static final String[] KEYS = {
    "exception", "values", "type", "value", "module", "function", "frames", "stacktrace", "vars",
    "password", "token", "user", "message", "formatted", "logentry", "headers", "in_app", "lineno",
    "release", "environment", "fingerprint", "data", "auth_key", "Cookie", "author", "level", "x",
  };
  private static final String[] TEXTS = {
    "hello",
    "4111 1111 1111 1111",
    "order 4111111111111112",
    "password",
    "Cookie",
    "",
    "a\"b\\c",
    "com.acme.Shop",
    "lambda$run$3",
    "Foo$$Lambda$12/0x0000000800c0b440",
    "{{ default }}",
    "user 42 failed at 0xdeadbeef",
    "token",
    "é€😀",
  };

  private static void randomValue(Random r, StringBuilder b, int depth) {
    int kind = r.nextInt(depth > 4 ? 5 : 8);
    switch (kind) {
      case 0, 1 ->
          b.append(new ObjectMapper().valueToTree(TEXTS[r.nextInt(TEXTS.length)]).toString());
      case 2 -> b.append(r.nextInt(2000) - 1000);
      case 3 -> b.append(r.nextBoolean() ? "null" : r.nextBoolean() ? "true" : "1.25");
      case 4 -> b.append(r.nextLong());
      case 5, 6 -> randomArray(r, b, depth + 1);
      default -> randomObject(r, b, depth + 1);
    }
  }

  private static void randomArray(Random r, StringBuilder b, int depth) {
    b.append('[');
    int n = r.nextInt(4);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      if (i == 0 && r.nextBoolean()) {
        b.append('"').append(KEYS[r.nextInt(KEYS.length)]).append('"');
      } else {
        randomValue(r, b, depth);
      }
    }
    b.append(']');
  }

  private static void randomObject(Random r, StringBuilder b, int depth) {
    b.append('{');
    int n = r.nextInt(depth == 0 ? 8 : 5);
    List<String> keys = new java.util.ArrayList<>(List.of(KEYS));
    java.util.Collections.shuffle(keys, r);
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        b.append(',');
      }
      // Distinct keys: with duplicates a tree keeps only the last, the stream keeps both.
      b.append('"').append(keys.get(i)).append("\":");
      randomValue(r, b, depth);
    }
    b.append('}');
  }
}

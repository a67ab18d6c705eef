package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.kintsugi.server.scrub.Scrubber;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads one event payload in a single streaming pass (Jackson parser → generator, no tree of the
 * whole event): every key and string is scrubbed and the event trimmed to its {@link EventCaps}
 * ({@link Normaliser}) on the way to the bytes that will be stored, {@code event_id} is normalised
 * (or added), and the few fields grouping needs are kept, scrubbed and trimmed, as a small tree —
 * so titles and fingerprints only ever see scrubbed text. Within the caps the result is the same as
 * parsing into a tree, setting {@code event_id}, {@link Scrubber#scrub scrubbing} and serialising
 * again — at a fraction of the CPU and garbage.
 */
final class EventReader {

  /** Top-level fields that grouping, title, culprit, release and environment are computed from. */
  private static final Set<String> GROUPING_FIELDS =
      Set.of(
          "exception",
          "fingerprint",
          "logentry",
          "message",
          "level",
          "transaction",
          "logger",
          "release",
          "environment");

  /** The fields of exceptions and frames that grouping reads (frame {@code vars} are not). */
  private static final Set<String> EXCEPTION_FIELDS =
      Set.of(
          "values",
          "type",
          "module",
          "value",
          "stacktrace",
          "frames",
          "filename",
          "function",
          "in_app",
          "lineno");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * An event read from its payload.
   *
   * @param stored the scrubbed event, UTF-8 JSON, with its {@code event_id}
   * @param grouping the scrubbed grouping fields (see {@link #GROUPING_FIELDS})
   */
  record Read(String eventId, byte[] stored, ObjectNode grouping) {}

  private final ObjectMapper json;
  private final Scrubber scrubber;
  private final Normaliser normaliser;

  EventReader(ObjectMapper json, Scrubber scrubber) {
    this(json, scrubber, EventCaps.sentry());
  }

  EventReader(ObjectMapper json, Scrubber scrubber, EventCaps caps) {
    this.json = json;
    this.scrubber = scrubber;
    this.normaliser = new Normaliser(scrubber, caps);
  }

  /**
   * Reads, scrubs and re-encodes an event.
   *
   * @param otherId the id to use when the event has no valid {@code event_id} of its own
   * @throws Rejection (400) when the payload is not a JSON object
   */
  Read read(byte[] payload, Supplier<String> otherId) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
    TokenBuffer kept = null;
    String eventId = null;
    try (JsonParser in = json.createParser(payload);
        JsonGenerator out = json.createGenerator(bytes)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw Rejection.malformed("event is not a JSON object");
      }
      kept = new TokenBuffer(in);
      kept.writeStartObject();
      out.writeStartObject();
      JsonToken t;
      while ((t = in.nextToken()) == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        in.nextToken();
        if (name.equals("event_id")) {
          String own = in.currentToken().isScalarValue() ? in.getText() : "";
          in.skipChildren();
          if (eventId == null) {
            eventId = IngestHandler.eventId(own).orElseGet(otherId);
            out.writeFieldName(name);
            out.writeString(scrubber.scrubText(eventId));
          }
        } else {
          normaliser.copyField(name, in, out, GROUPING_FIELDS.contains(name) ? kept : null);
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw Rejection.malformed("event is not valid JSON");
      }
      if (eventId == null) {
        eventId = otherId.get();
        out.writeFieldName("event_id");
        out.writeString(scrubber.scrubText(eventId));
      }
      out.writeEndObject();
      kept.writeEndObject();
    } catch (IOException e) {
      throw Rejection.malformed("event is not valid JSON");
    }
    ObjectNode grouping;
    try (JsonParser p = kept.asParser(json)) {
      p.nextToken();
      grouping = (ObjectNode) tree(p, false);
    } catch (IOException e) {
      throw new IllegalStateException("cannot re-read buffered tokens", e);
    }
    return new Read(eventId, bytes.toByteArray(), grouping);
  }

  /** The value at the parser as a tree; under {@code exception}, only the fields grouping reads. */
  private static JsonNode tree(JsonParser p, boolean inException) throws IOException {
    switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode o = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          if (inException && !EXCEPTION_FIELDS.contains(name)) {
            p.skipChildren();
          } else {
            o.set(name, tree(p, inException || name.equals("exception")));
          }
        }
        return o;
      }
      case START_ARRAY -> {
        ArrayNode a = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          a.add(tree(p, inException));
        }
        return a;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> NODES.numberNode(p.getIntValue());
          case LONG -> NODES.numberNode(p.getLongValue());
          default -> NODES.numberNode(p.getBigIntegerValue());
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getNumberType() == JsonParser.NumberType.BIG_DECIMAL
            ? NODES.numberNode(p.getDecimalValue())
            : NODES.numberNode(p.getDoubleValue());
      }
      case VALUE_TRUE -> {
        return NODES.booleanNode(true);
      }
      case VALUE_FALSE -> {
        return NODES.booleanNode(false);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IOException("unexpected token " + p.currentToken());
    }
  }
}

package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a Sentry envelope ({@code header\n(itemHeader\npayload\n)*}): item payloads other than
 * events are skipped without buffering, so memory stays bounded by the event size limit whatever
 * the envelope's size. (Hand-written: no Java library parses envelopes server-side; the Sentry SDK
 * only writes them.)
 */
final class EnvelopeReader {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final ObjectMapper json;
  private final int maxEventBytes;
  private final int maxEventItems;
  private final int maxItems;

  EnvelopeReader(ObjectMapper json, Limits limits) {
    this.json = json;
    this.maxEventBytes = limits.maxEventBytes();
    this.maxEventItems = limits.maxEventItems();
    this.maxItems = limits.maxItems();
  }

  Envelope read(InputStream raw) throws IOException {
    Input in = new Input(raw);
    byte[] headerLine = in.readLine(MAX_HEADER_BYTES, "envelope header");
    if (headerLine == null || headerLine.length == 0) {
      throw Rejection.malformed("empty envelope");
    }
    Header header = parseHeader(headerLine, "envelope header");
    List<byte[]> events = new ArrayList<>();
    int items = 0;
    int eventItems = 0;
    while (true) {
      byte[] itemLine = in.readLine(MAX_HEADER_BYTES, "item header");
      if (itemLine == null) {
        break;
      }
      if (isBlank(itemLine)) {
        continue;
      }
      Header item = parseHeader(itemLine, "item header");
      String type = item.type();
      if (type.isEmpty()) {
        throw Rejection.malformed("item header without type");
      }
      // Refused before the item's payload is read: an envelope costs at most one event of memory,
      // and many events in one small gzipped envelope cannot multiply into the journal and the
      // database (issue 18: 19 x 1 MB events in 19 KB were stored whole).
      if (++items > maxItems) {
        throw new Rejection(
            400, "too_many_items", "envelope holds more than " + maxItems + " items");
      }
      boolean event = type.equals("event");
      if ((event || type.equals("transaction")) && ++eventItems > maxEventItems) {
        throw new Rejection(
            400,
            "too_many_events",
            "envelope holds more than "
                + maxEventItems
                + " event or transaction item"
                + (maxEventItems == 1 ? "" : "s")
                + "; send one event per envelope, as the Sentry SDKs do");
      }
      if (item.length() >= 0) {
        long n = item.length();
        if (event) {
          if (n > maxEventBytes) {
            throw Rejection.tooLarge("event over " + maxEventBytes + " bytes");
          }
          byte[] payload = in.readNBytes((int) n);
          if (payload.length < n) {
            throw Rejection.malformed("envelope ends inside an item of type " + type);
          }
          events.add(payload);
        } else if (!in.skip(n)) {
          throw Rejection.malformed("envelope ends inside an item of type " + type);
        }
        in.skipNewline();
      } else if (event) {
        byte[] payload = in.readLine(maxEventBytes, "event");
        events.add(payload == null ? new byte[0] : payload);
      } else {
        in.skipLine();
      }
    }
    return new Envelope(header.eventId(), events);
  }

  /**
   * The fields of a header line the reader uses ({@code event_id}, {@code type}, {@code length});
   * scalars become their text, anything else empty; {@code length} is -1 when absent or null.
   */
  private record Header(String eventId, String type, long length) {}

  /** Reads a header line in one streaming pass (a tree per line cost ~3% of a request). */
  private Header parseHeader(byte[] line, String what) {
    String eventId = "";
    String type = "";
    long length = -1;
    try (JsonParser p = json.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw Rejection.malformed(what + " is not a JSON object");
      }
      JsonToken token;
      while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "event_id" -> eventId = value.isScalarValue() ? p.getText() : "";
          case "type" -> type = value.isScalarValue() ? p.getText() : "";
          case "length" -> length = length(p, value);
          default -> {}
        }
        p.skipChildren();
      }
      if (token != JsonToken.END_OBJECT) {
        throw Rejection.malformed(what + " is not valid JSON");
      }
    } catch (IOException e) {
      throw Rejection.malformed(what + " is not valid JSON");
    }
    return new Header(eventId, type, length);
  }

  private static long length(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return -1;
    }
    if (value == JsonToken.VALUE_NUMBER_INT
        && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      long n = p.getLongValue();
      if (n >= 0) {
        return n;
      }
    }
    throw Rejection.malformed(
        "bad item length: " + (value.isScalarValue() ? p.getText() : "not a number"));
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /**
   * A buffered reader of the body for this single-threaded parse: lines are found by scanning the
   * buffer rather than a synchronized {@code read()} per byte.
   */
  private static final class Input {
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int end;

    Input(InputStream in) {
      this.in = in;
    }

    /** Whether bytes are buffered, reading more if needed; false at end of input. */
    private boolean fill() throws IOException {
      if (pos < end) {
        return true;
      }
      int n = in.read(buf, 0, buf.length);
      if (n <= 0) {
        return false;
      }
      pos = 0;
      end = n;
      return true;
    }

    /** A line without its newline; null at end of input; 413 when longer than {@code max}. */
    byte[] readLine(int max, String what) throws IOException {
      if (!fill()) {
        return null;
      }
      ByteArrayOutputStream line = null;
      while (true) {
        int start = pos;
        int nl = start;
        while (nl < end && buf[nl] != '\n') {
          nl++;
        }
        int have = (line == null ? 0 : line.size()) + (nl - start);
        if (have > max) {
          throw Rejection.tooLarge(what + " over " + max + " bytes");
        }
        if (nl < end) {
          pos = nl + 1;
          if (line == null) {
            return Arrays.copyOfRange(buf, start, nl);
          }
          line.write(buf, start, nl - start);
          return line.toByteArray();
        }
        if (line == null) {
          line = new ByteArrayOutputStream(Math.max(256, 2 * (end - start)));
        }
        line.write(buf, start, end - start);
        pos = end;
        if (!fill()) {
          return line.toByteArray();
        }
      }
    }

    byte[] readNBytes(int n) throws IOException {
      byte[] out = new byte[n];
      int have = Math.min(n, end - pos);
      System.arraycopy(buf, pos, out, 0, have);
      pos += have;
      if (have < n) {
        have += in.readNBytes(out, have, n - have);
      }
      return have == n ? out : Arrays.copyOf(out, have);
    }

    /** Skips n bytes; false if the input ends first. */
    boolean skip(long n) throws IOException {
      long buffered = Math.min(n, end - pos);
      pos += (int) buffered;
      long left = n - buffered;
      try {
        in.skipNBytes(left);
        return true;
      } catch (EOFException e) {
        return false;
      }
    }

    void skipLine() throws IOException {
      while (fill()) {
        while (pos < end) {
          if (buf[pos++] == '\n') {
            return;
          }
        }
      }
    }

    void skipNewline() throws IOException {
      if (fill() && buf[pos] == '\n') {
        pos++;
      }
    }
  }
}

package dev.kintsugi.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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

  EnvelopeReader(ObjectMapper json, int maxEventBytes) {
    this.json = json;
    this.maxEventBytes = maxEventBytes;
  }

  Envelope read(InputStream raw) throws IOException {
    BufferedInputStream in = new BufferedInputStream(raw, 16 * 1024);
    byte[] headerLine = readLine(in, MAX_HEADER_BYTES, "envelope header");
    if (headerLine == null || headerLine.length == 0) {
      throw Rejection.malformed("empty envelope");
    }
    JsonNode header = parseObject(headerLine, "envelope header");
    List<byte[]> events = new ArrayList<>();
    while (true) {
      byte[] itemLine = readLine(in, MAX_HEADER_BYTES, "item header");
      if (itemLine == null) {
        break;
      }
      if (isBlank(itemLine)) {
        continue;
      }
      JsonNode item = parseObject(itemLine, "item header");
      String type = item.path("type").asText("");
      if (type.isEmpty()) {
        throw Rejection.malformed("item header without type");
      }
      boolean event = type.equals("event");
      JsonNode length = item.get("length");
      if (length != null && !length.isNull()) {
        if (!length.canConvertToLong() || length.asLong() < 0) {
          throw Rejection.malformed("bad item length: " + length);
        }
        long n = length.asLong();
        if (event) {
          if (n > maxEventBytes) {
            throw Rejection.tooLarge("event over " + maxEventBytes + " bytes");
          }
          byte[] payload = in.readNBytes((int) n);
          if (payload.length < n) {
            throw Rejection.malformed("envelope ends inside an item of type " + type);
          }
          events.add(payload);
        } else {
          try {
            in.skipNBytes(n);
          } catch (EOFException e) {
            throw Rejection.malformed("envelope ends inside an item of type " + type);
          }
        }
        skipNewline(in);
      } else if (event) {
        byte[] payload = readLine(in, maxEventBytes, "event");
        events.add(payload == null ? new byte[0] : payload);
      } else {
        skipLine(in);
      }
    }
    return new Envelope(header, events);
  }

  private JsonNode parseObject(byte[] line, String what) {
    try {
      JsonNode node = json.readTree(line);
      if (node == null || !node.isObject()) {
        throw Rejection.malformed(what + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw Rejection.malformed(what + " is not valid JSON");
    }
  }

  private static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** A line without its newline; null at end of input; 413 when longer than {@code max}. */
  private static byte[] readLine(InputStream in, int max, String what) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b = in.read();
    if (b < 0) {
      return null;
    }
    while (b >= 0 && b != '\n') {
      if (line.size() >= max) {
        throw Rejection.tooLarge(what + " over " + max + " bytes");
      }
      line.write(b);
      b = in.read();
    }
    return line.toByteArray();
  }

  private static void skipLine(InputStream in) throws IOException {
    int b;
    do {
      b = in.read();
    } while (b >= 0 && b != '\n');
  }

  private static void skipNewline(BufferedInputStream in) throws IOException {
    in.mark(1);
    int b = in.read();
    if (b != '\n' && b >= 0) {
      in.reset();
    }
  }
}

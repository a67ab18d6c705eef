package dev.kintsugi.agent.internal.event;

import dev.kintsugi.agent.internal.json.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Wraps one event in a Sentry envelope: header line, item header with length, payload. No {@code
 * sent_at}: an envelope may be spooled and sent much later.
 */
public final class Envelopes {
  private Envelopes() {}

  public static byte[] of(EventJson.Event event, String sdkVersion) {
    byte[] payload = event.json().getBytes(StandardCharsets.UTF_8);
    JsonWriter header = new JsonWriter();
    header.beginObject().name("event_id").value(event.id());
    header.name("sdk").beginObject().name("name").value(EventJson.SDK_NAME);
    header.name("version").value(sdkVersion).endObject().endObject();
    JsonWriter item = new JsonWriter();
    item.beginObject().name("type").value("event").name("length").value(payload.length);
    item.name("content_type").value("application/json").endObject();
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 256);
    byte[] h = (header + "\n" + item + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(h, 0, h.length);
    out.write(payload, 0, payload.length);
    out.write('\n');
    return out.toByteArray();
  }
}

package dev.kintsugi.server.journal;

import dev.kintsugi.server.store.NewEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The journal's record format: {@code int length, int crc32c, long seq, event fields}, where {@code
 * length} counts the bytes after the CRC and the CRC covers them. Strings are UTF-8 with an {@code
 * int} length ({@code -1} for an absent optional). Big-endian throughout.
 *
 * <p>Hand-written rather than Jackson or Java serialisation: a record is written on every request
 * and read back once, and this layout costs one array copy of the payload either way.
 */
final class RecordCodec {
  /** Bytes before the sequence number: length and CRC. */
  static final int PREFIX = 8;

  /** Bytes before the event fields: length, CRC and sequence number. */
  static final int HEADER = PREFIX + 8;

  private RecordCodec() {}

  /** A whole record with its sequence number and CRC still zero; see {@link #seal}. */
  static byte[] encode(NewEvent e) {
    byte[] eventId = utf8(e.eventId());
    byte[] fingerprint = utf8(e.fingerprint());
    byte[] title = utf8(e.title());
    byte[] culprit = utf8(e.culprit());
    byte[] release = e.release().map(RecordCodec::utf8).orElse(null);
    byte[] environment = e.environment().map(RecordCodec::utf8).orElse(null);
    int size =
        HEADER
            + 8
            + field(eventId)
            + field(fingerprint)
            + field(title)
            + field(culprit)
            + field(release)
            + field(environment)
            + 12
            + field(e.payload());
    ByteBuffer b = ByteBuffer.allocate(size);
    b.putInt(size - PREFIX).putInt(0).putLong(0);
    b.putLong(e.projectId());
    put(b, eventId);
    put(b, fingerprint);
    put(b, title);
    put(b, culprit);
    put(b, release);
    put(b, environment);
    b.putLong(e.receivedAt().getEpochSecond()).putInt(e.receivedAt().getNano());
    put(b, e.payload());
    return b.array();
  }

  /** Writes {@code seq} into an encoded record and computes its CRC. */
  static void seal(byte[] record, long seq, CRC32C crc) {
    ByteBuffer b = ByteBuffer.wrap(record);
    b.putLong(PREFIX, seq);
    crc.reset();
    crc.update(record, PREFIX, record.length - PREFIX);
    b.putInt(4, (int) crc.getValue());
  }

  /**
   * Whether the {@code length} bytes after the prefix at {@code offset} match the stored CRC.
   *
   * @param length the record's length field
   */
  static boolean intact(ByteBuffer b, int offset, int length, CRC32C crc) {
    crc.reset();
    ByteBuffer body = b.duplicate();
    body.limit(offset + PREFIX + length).position(offset + PREFIX);
    crc.update(body);
    return (int) crc.getValue() == b.getInt(offset + 4);
  }

  /** The sequence number of an intact record at {@code offset}. */
  static long seq(ByteBuffer b, int offset) {
    return b.getLong(offset + PREFIX);
  }

  /** Decodes the event of an intact record at {@code offset}. */
  static NewEvent decode(ByteBuffer source, int offset) {
    ByteBuffer b = source.duplicate();
    b.position(offset + HEADER);
    long projectId = b.getLong();
    String eventId = string(b);
    String fingerprint = string(b);
    String title = string(b);
    String culprit = string(b);
    Optional<String> release = Optional.ofNullable(string(b));
    Optional<String> environment = Optional.ofNullable(string(b));
    Instant receivedAt = Instant.ofEpochSecond(b.getLong(), b.getInt());
    byte[] payload = bytes(b);
    return new NewEvent(
        projectId, eventId, fingerprint, title, culprit, release, environment, receivedAt, payload);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int field(byte[] value) {
    return 4 + (value == null ? 0 : value.length);
  }

  private static void put(ByteBuffer b, byte[] value) {
    if (value == null) {
      b.putInt(-1);
    } else {
      b.putInt(value.length).put(value);
    }
  }

  private static String string(ByteBuffer b) {
    byte[] bytes = bytes(b);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] bytes(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    byte[] out = new byte[n];
    b.get(out);
    return out;
  }
}

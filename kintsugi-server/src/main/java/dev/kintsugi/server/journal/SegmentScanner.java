package dev.kintsugi.server.journal;

import dev.kintsugi.server.store.NewEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads a segment's records in order through a reusable buffer, stopping at a given end offset. A
 * record that is cut short or fails its CRC stops the scan and sets {@link #damaged()}.
 */
final class SegmentScanner implements AutoCloseable {
  /** Sequence number, prefix and the fixed fields of an event: anything shorter is damage. */
  private static final int MIN_LENGTH = 8 + 8 + 6 * 4 + 12 + 4;

  /** The damage of a record that runs past the end (a crash while it was written). */
  static final String CUT_SHORT = "a record cut short";

  /** The largest record: an event's payload is at most 1 MB, its other fields are small. */
  static final int MAX_LENGTH = 16 * 1024 * 1024;

  private final FileChannel channel;
  private final CRC32C crc = new CRC32C();
  private ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);

  /** File offset of {@code buffer[0]}; valid data is {@code [0, buffer.limit())}. */
  private long bufferStart;

  private long offset;
  private int recordAt;
  private int recordLength;
  private String damage;

  SegmentScanner(Path path, long offset) throws IOException {
    this.channel = FileChannel.open(path, StandardOpenOption.READ);
    this.offset = offset;
    this.bufferStart = offset;
    buffer.limit(0);
  }

  /** File offset after the last record returned (where the next one starts). */
  long offset() {
    return offset;
  }

  /** Whether the scan stopped at a damaged record (rather than at {@code end}). */
  boolean damaged() {
    return damage != null;
  }

  /** What is wrong with the record the scan stopped at, when {@link #damaged()}. */
  String damage() {
    return damage;
  }

  /**
   * Moves to the next complete, intact record before {@code end}.
   *
   * @return false at {@code end}, or at damage
   */
  boolean next(long end) throws IOException {
    if (damage != null || !fill(RecordCodec.PREFIX, end)) {
      return false;
    }
    int at = (int) (offset - bufferStart);
    int length = buffer.getInt(at);
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      damage = "a record with an impossible length (" + length + ")";
      return false;
    }
    if (!fill(RecordCodec.PREFIX + length, end)) {
      // Records are published whole, so one running past the end is torn or its length is bad.
      damage = CUT_SHORT;
      return false;
    }
    at = (int) (offset - bufferStart);
    if (!RecordCodec.intact(buffer, at, length, crc)) {
      damage = "a record that fails its checksum";
      return false;
    }
    recordAt = at;
    recordLength = RecordCodec.PREFIX + length;
    offset += recordLength;
    return true;
  }

  long seq() {
    return RecordCodec.seq(buffer, recordAt);
  }

  /** Bytes of the current record. */
  int length() {
    return recordLength;
  }

  NewEvent event() {
    return RecordCodec.decode(buffer, recordAt);
  }

  /**
   * Ensures {@code n} bytes from {@link #offset} are buffered; false if {@code end} comes first.
   */
  private boolean fill(int n, long end) throws IOException {
    if (offset + n > end) {
      return false;
    }
    int at = (int) (offset - bufferStart);
    if (at + n <= buffer.limit()) {
      return true;
    }
    if (n > buffer.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(n, buffer.capacity() * 2));
      buffer.position(at);
      bigger.put(buffer);
      buffer = bigger;
    } else {
      buffer.position(at);
      buffer.compact();
    }
    bufferStart = offset;
    // buffer is now in write mode holding the unread bytes; read up to end.
    long fileAt = bufferStart + buffer.position();
    while (buffer.position() < n) {
      int room = (int) Math.min(buffer.remaining(), end - fileAt);
      if (room <= 0) {
        break;
      }
      ByteBuffer window = buffer.duplicate();
      window.limit(window.position() + room);
      int read = channel.read(window, fileAt);
      if (read < 0) {
        break;
      }
      buffer.position(buffer.position() + read);
      fileAt += read;
    }
    buffer.flip();
    return buffer.limit() >= n;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}

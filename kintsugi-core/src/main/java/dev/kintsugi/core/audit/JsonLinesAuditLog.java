package dev.kintsugi.core.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The audit trail of heals run from the command line: a JSON-lines file ({@link AuditJson}, one
 * entry a line, one chain: entries have no project), by default {@link #defaultFile()}.
 *
 * <p>An append locks the file (a lock per file within this JVM, and an OS file lock across
 * processes), continues the chain from the file's last line, writes the line and forces it to the
 * disk before it returns, then records the new head in {@code FILE.head} ({@link #headFile}). A
 * last line cut short by a crash was never acknowledged and is dropped. An append refuses ({@link
 * AuditException}) when the file does not reach its recorded head (its last entries were deleted)
 * or its last line is not an entry: continuing would bury the evidence; {@code kintsugi audit
 * verify --file FILE} says what is wrong, and moving the file (and its head) aside starts a new
 * trail.
 *
 * <p>The file and a created directory are private to the user (0600, 0700): entries may hold
 * scrubbed event text.
 */
public final class JsonLinesAuditLog implements AuditLog {

  private static final Map<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  public JsonLinesAuditLog(Path file) {
    this(file, Clock.systemUTC());
  }

  public JsonLinesAuditLog(Path file, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.clock = clock;
  }

  /** {@code ~/.kintsugi/audit.jsonl}. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".kintsugi", "audit.jsonl");
  }

  /** Where the trail in {@code file} records its head: {@code FILE.head}. */
  public static Path headFile(Path file) {
    return file.resolveSibling(file.getFileName() + ".head");
  }

  public Path file() {
    return file;
  }

  @Override
  public void append(AuditRecord record) {
    synchronized (LOCKS.computeIfAbsent(file, f -> new Object())) {
      try {
        appendLocked(record);
      } catch (IOException e) {
        throw new AuditException(
            "cannot append to the audit trail " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private void appendLocked(AuditRecord record) throws IOException {
    boolean created = createPrivately();
    try (FileChannel ch =
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (created) {
        forceDirectory(file.getParent());
      }
      Tail tail = Tail.of(ch);
      if (tail != null && !tail.terminated()) {
        tail = mendCutLine(ch, tail);
      }
      AuditEntry last = null;
      if (tail != null) {
        try {
          last = AuditJson.parse(tail.line());
        } catch (IllegalArgumentException e) {
          throw new AuditException(
              "the last line of the audit trail "
                  + file
                  + " is not an audit entry ("
                  + e.getMessage()
                  + "); run kintsugi audit verify --file on it");
        }
      }
      checkHead(last);
      AuditEntry entry =
          AuditChain.next(
              last == null ? 1 : last.seq() + 1,
              clock.instant(),
              null,
              null,
              null,
              record,
              last == null ? AuditChain.GENESIS : last.hash());
      write(ch, ch.size(), (AuditJson.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
      ch.force(true);
      writeHead(entry);
    }
  }

  /**
   * A last line without its line break was cut by a crash during an append, which had not returned:
   * dropped. One that is a whole entry only lost its break, which is put back.
   */
  private static Tail mendCutLine(FileChannel ch, Tail tail) throws IOException {
    try {
      AuditJson.parse(tail.line());
      write(ch, ch.size(), new byte[] {'\n'});
      return new Tail(tail.line(), tail.start(), true);
    } catch (IllegalArgumentException e) {
      ch.truncate(tail.start());
      ch.force(true);
      return Tail.of(ch);
    }
  }

  /** Refuses to continue a trail that no longer reaches its recorded head. */
  private void checkHead(AuditEntry last) throws IOException {
    Optional<AuditHead> head = readHead(file);
    if (head.isEmpty()) {
      return;
    }
    long lastSeq = last == null ? 0 : last.seq();
    boolean behind = lastSeq < head.get().seq();
    if (behind || (lastSeq == head.get().seq() && !last.hash().equals(head.get().hash()))) {
      throw new AuditException(
          "the audit trail "
              + file
              + (behind
                  ? " ends at seq " + lastSeq + " before its recorded head, seq " + head.get().seq()
                  : "'s last entry is not its recorded head")
              + ": entries were deleted or changed; run kintsugi audit verify --file on it");
    }
  }

  /**
   * The head recorded beside {@code file}, if any: the seq and hash of the last entry appended.
   *
   * @throws IOException when it exists but cannot be read as a head
   */
  static Optional<AuditHead> readHead(Path file) throws IOException {
    Path head = headFile(file);
    if (!Files.exists(head)) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = JSON.readTree(Files.readAllBytes(head));
    } catch (IOException e) {
      throw new IOException("the head file " + head + " is not valid JSON");
    }
    if (node == null
        || !node.path("seq").canConvertToLong()
        || !node.path("seq").isIntegralNumber()
        || !node.path("hash").isTextual()) {
      throw new IOException("the head file " + head + " is not {\"seq\", \"hash\"}");
    }
    return Optional.of(new AuditHead(null, node.get("seq").longValue(), node.get("hash").asText()));
  }

  /**
   * Replaces the head file (a new file moved into place, so it is whole or absent). A crash before
   * the move leaves the head one entry behind, which a head allows (a lower bound).
   */
  private void writeHead(AuditEntry entry) throws IOException {
    Path head = headFile(file);
    Path tmp = head.resolveSibling(head.getFileName() + ".tmp");
    byte[] bytes = JSON.writeValueAsBytes(Map.of("seq", entry.seq(), "hash", entry.hash()));
    Files.deleteIfExists(tmp);
    try (FileChannel ch =
        FileChannel.open(
            tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), privateFile())) {
      write(ch, 0, bytes);
      ch.force(true);
    } catch (UnsupportedOperationException e) {
      Files.write(tmp, bytes);
    }
    Files.move(tmp, head, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Creates the file (and its directory) private to the user; true if it did not exist. */
  private boolean createPrivately() throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir)) {
      try {
        Files.createDirectories(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException e) {
        Files.createDirectories(dir);
      }
    }
    if (Files.exists(file)) {
      return false;
    }
    try {
      try {
        Files.createFile(file, privateFile());
      } catch (UnsupportedOperationException e) {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false; // another process made it first
    }
  }

  private static FileAttribute<?> privateFile() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
  }

  /** A new file's name is durable once its directory is. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not every platform opens directories; the entry itself is forced regardless
    }
  }

  private static void write(FileChannel ch, long position, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    long at = position;
    while (buf.hasRemaining()) {
      at += ch.write(buf, at);
    }
  }

  /** The file's last line: its text, where it starts, whether a line break ends it. */
  private record Tail(String line, long start, boolean terminated) {

    /** Null for an empty file. */
    static Tail of(FileChannel ch) throws IOException {
      long size = ch.size();
      if (size == 0) {
        return null;
      }
      boolean terminated = byteAt(ch, size - 1) == '\n';
      long end = terminated ? size - 1 : size;
      long start = end;
      ByteBuffer buf = ByteBuffer.allocate(8192);
      search:
      while (start > 0) {
        int n = (int) Math.min(buf.capacity(), start);
        buf.clear().limit(n);
        long from = start - n;
        while (buf.hasRemaining()) {
          if (ch.read(buf, from + buf.position()) < 0) {
            throw new IOException("the file shrank while it was read");
          }
        }
        for (int i = n - 1; i >= 0; i--) {
          if (buf.get(i) == '\n') {
            start = from + i + 1;
            break search;
          }
        }
        start = from;
      }
      ByteBuffer line = ByteBuffer.allocate(Math.toIntExact(end - start));
      while (line.hasRemaining()) {
        if (ch.read(line, start + line.position()) < 0) {
          throw new IOException("the file shrank while it was read");
        }
      }
      return new Tail(new String(line.array(), StandardCharsets.UTF_8), start, terminated);
    }

    private static byte byteAt(FileChannel ch, long position) throws IOException {
      ByteBuffer one = ByteBuffer.allocate(1);
      if (ch.read(one, position) != 1) {
        throw new IOException("the file shrank while it was read");
      }
      return one.get(0);
    }
  }
}

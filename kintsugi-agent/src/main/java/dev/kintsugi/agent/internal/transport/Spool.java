package dev.kintsugi.agent.internal.transport;

import dev.kintsugi.agent.internal.AgentLog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Envelopes waiting for the server, one file each, in a directory bounded in files and bytes (the
 * oldest are dropped first). Files are written to a temporary name and renamed, so a reader never
 * sees half an envelope; names sort oldest first. Several JVMs may share a directory (same DSN on
 * one host): all write, one at a time replays, the holder of {@code replay.lock}.
 */
public final class Spool implements AutoCloseable {
  private static final String SUFFIX = ".envelope";
  private static final String TMP_PREFIX = ".tmp-";

  private final Path dir;
  private final int maxFiles;
  private final long maxBytes;
  private final Clock clock;
  private final long pid = ProcessHandle.current().pid();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private FileChannel lockChannel;
  private FileLock lock;

  public Spool(Path dir, int maxFiles, long maxBytes, Clock clock) {
    this.dir = dir;
    this.maxFiles = maxFiles;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /** Stores an envelope; false when it could not be (too large, disk error). */
  public synchronized boolean write(byte[] envelope) {
    if (envelope.length > maxBytes) {
      dropped.incrementAndGet();
      return false;
    }
    String name =
        String.format("%015d-%010d-%d%s", clock.millis(), sequence.incrementAndGet(), pid, SUFFIX);
    Path tmp = dir.resolve(TMP_PREFIX + name);
    try {
      Files.createDirectories(dir);
      Files.write(tmp, envelope, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      AgentLog.once("spool-write", "cannot spool to " + dir + ", dropping events", e);
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // Left for the next cleanup.
      }
      dropped.incrementAndGet();
      return false;
    }
    enforceBounds();
    return true;
  }

  /** Spooled envelopes, oldest first. */
  public List<Path> files() {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path p : s) {
        if (!p.getFileName().toString().startsWith(TMP_PREFIX)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      AgentLog.once("spool-list", "cannot list " + dir, e);
    }
    Collections.sort(out);
    return out;
  }

  /** The envelope in {@code file}, or null when it is gone (replayed or dropped meanwhile). */
  public byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      AgentLog.once("spool-read", "cannot read " + file + ", dropping it", e);
      delete(file);
      return null;
    }
  }

  public void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      AgentLog.once("spool-delete", "cannot delete " + file, e);
    }
  }

  /** Envelopes dropped to keep within the bounds, or because they could not be written. */
  public long dropped() {
    return dropped.get();
  }

  /** Whether this process may replay: takes {@code replay.lock} once and keeps it. */
  public synchronized boolean acquireReplayLock() {
    if (lock != null) {
      return true;
    }
    try {
      Files.createDirectories(dir);
      if (lockChannel == null) {
        lockChannel =
            FileChannel.open(
                dir.resolve("replay.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      }
      lock = lockChannel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    return lock != null;
  }

  @Override
  public synchronized void close() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException ignored) {
      // The lock goes with the process anyway.
    }
    lock = null;
    lockChannel = null;
  }

  /** Drops the oldest envelopes until within {@code maxFiles} and {@code maxBytes}. */
  private void enforceBounds() {
    List<Path> files = files();
    long[] sizes = new long[files.size()];
    long total = 0;
    for (int i = 0; i < files.size(); i++) {
      try {
        sizes[i] = Files.size(files.get(i));
      } catch (IOException e) {
        sizes[i] = 0;
      }
      total += sizes[i];
    }
    int count = files.size();
    for (int i = 0; i < files.size() && (count > maxFiles || total > maxBytes); i++) {
      delete(files.get(i));
      count--;
      total -= sizes[i];
      dropped.incrementAndGet();
      AgentLog.once(
          "spool-full",
          "spool "
              + dir
              + " is full ("
              + maxFiles
              + " files, "
              + maxBytes
              + " bytes): dropping"
              + " the oldest events",
          null);
    }
  }
}

package dev.kintsugi.agent.internal.capture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The frames each live throwable has left so far, deepest first. Keys are weak: a throwable that is
 * caught and dropped takes its records with it. Bounded in throwables and in frames per throwable.
 */
public final class ThrowRecords {
  private final WeakIdentityMap<Throwable, List<FrameRecord>> map;
  private final int maxFrames;

  public ThrowRecords(int maxThrowables, int maxFramesPerThrowable) {
    this.map = new WeakIdentityMap<>(maxThrowables);
    this.maxFrames = maxFramesPerThrowable;
  }

  /** Whether another frame of {@code t} would be kept (so a snapshot is worth taking). */
  public boolean wants(Throwable t) {
    List<FrameRecord> frames = map.get(t);
    if (frames == null) {
      return !map.isFull();
    }
    synchronized (frames) {
      return frames.size() < maxFrames;
    }
  }

  public void add(Throwable t, FrameRecord record) {
    List<FrameRecord> frames = map.computeIfAbsent(t, ArrayList::new);
    if (frames != null) {
      synchronized (frames) {
        if (frames.size() < maxFrames) {
          frames.add(record);
        }
      }
    }
  }

  /** Removes and returns the records of {@code t}, deepest frame first. */
  public List<FrameRecord> take(Throwable t) {
    List<FrameRecord> frames = map.remove(t);
    if (frames == null) {
      return Collections.emptyList();
    }
    synchronized (frames) {
      return new ArrayList<>(frames);
    }
  }

  /** Throwables with records (for tests). */
  int size() {
    return map.size();
  }
}

package dev.kintsugi.agent.internal.capture;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A bounded concurrent map keyed by object identity that does not keep its keys alive. Identity,
 * not {@code equals}: keys are user throwables, whose {@code equals}/{@code hashCode} the agent
 * must never call. Entries of collected keys are expunged on each write.
 */
final class WeakIdentityMap<K, V> {
  private final ConcurrentHashMap<Key, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final int maxSize;

  WeakIdentityMap(int maxSize) {
    this.maxSize = maxSize;
  }

  V get(K key) {
    return map.get(new Key(key, null));
  }

  boolean containsKey(K key) {
    return map.containsKey(new Key(key, null));
  }

  /** The value of {@code key}, created when absent; null when the map is full. */
  V computeIfAbsent(K key, Supplier<V> create) {
    expunge();
    Key lookup = new Key(key, null);
    V v = map.get(lookup);
    if (v != null) {
      return v;
    }
    if (map.size() >= maxSize) {
      return null;
    }
    V fresh = create.get();
    V raced = map.putIfAbsent(new Key(key, collected), fresh);
    return raced == null ? fresh : raced;
  }

  /** Adds {@code key} unless present (or the map is full); true when this call added it. */
  boolean putIfAbsent(K key, V value) {
    expunge();
    if (map.size() >= maxSize) {
      return false;
    }
    return map.putIfAbsent(new Key(key, collected), value) == null;
  }

  /** Whether no further key can be added (until collected keys are expunged). */
  boolean isFull() {
    expunge();
    return map.size() >= maxSize;
  }

  V remove(K key) {
    return map.remove(new Key(key, null));
  }

  int size() {
    expunge();
    return map.size();
  }

  private void expunge() {
    for (Reference<?> r = collected.poll(); r != null; r = collected.poll()) {
      map.remove(r);
    }
  }

  /** A weak key equal to another only while both refer to the same live object. */
  private static final class Key extends WeakReference<Object> {
    private final int hash;

    Key(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      if (!(o instanceof Key)) {
        return false;
      }
      Object referent = get();
      return referent != null && referent == ((Key) o).get();
    }
  }
}

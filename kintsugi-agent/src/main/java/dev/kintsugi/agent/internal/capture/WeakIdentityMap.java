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
  private final ConcurrentHashMap<Object, V> map = new ConcurrentHashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private final int maxSize;

  WeakIdentityMap(int maxSize) {
    this.maxSize = maxSize;
  }

  V get(K key) {
    return map.get(new Lookup(key));
  }

  boolean containsKey(K key) {
    return map.containsKey(new Lookup(key));
  }

  /** The value of {@code key}, created when absent; null when the map is full. */
  V computeIfAbsent(K key, Supplier<V> create) {
    expunge();
    V v = map.get(new Lookup(key));
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
    return map.remove(new Lookup(key));
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

  /**
   * A strong key for lookups: cheaper than a {@link WeakReference}, which the collector must track.
   * The map calls the lookup's {@code equals} with the stored key.
   */
  private static final class Lookup {
    private final Object referent;

    Lookup(Object referent) {
      this.referent = referent;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(referent);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key && ((Key) o).get() == referent;
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
      Object referent = get();
      if (referent == null) {
        return false;
      }
      if (o instanceof Key) {
        return referent == ((Key) o).get();
      }
      return o instanceof Lookup && ((Lookup) o).referent == referent;
    }
  }
}

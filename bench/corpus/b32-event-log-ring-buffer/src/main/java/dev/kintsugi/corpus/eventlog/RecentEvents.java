package dev.kintsugi.corpus.eventlog;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Keeps the most recent {@code capacity} events in a ring buffer; older ones are overwritten. */
public class RecentEvents<T> {

    private final Object[] slots;
    private int head;
    private int size;

    public RecentEvents(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.slots = new Object[capacity];
    }

    public void add(T event) {
        if (size < slots.length) {
            slots[(head + size) % slots.length] = event;
            size++;
        } else {
            slots[head] = event;
            head = (head + 1) % slots.length;
        }
    }

    /** The i-th retained event, 0 being the oldest. */
    @SuppressWarnings("unchecked")
    public T get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("index " + index + " of " + size);
        }
        return (T) slots[head + index];
    }

    @SuppressWarnings("unchecked")
    public T oldest() {
        if (size == 0) {
            throw new NoSuchElementException("no events");
        }
        return (T) slots[head];
    }

    /** Oldest first. */
    @SuppressWarnings("unchecked")
    public List<T> toList() {
        List<T> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add((T) slots[head + i]);
        }
        return out;
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return slots.length;
    }
}

package io.jhyve.devices.legacy;

/** A fixed-capacity byte ring (a UART's receive FIFO). Not thread-safe: its owner locks around it. */
final class ByteFifo {
    private final byte[] ring;
    private int head;
    private int count;

    ByteFifo(int capacity) {
        this.ring = new byte[capacity];
    }

    int size() { return count; }

    boolean isEmpty() { return count == 0; }

    int capacity() { return ring.length; }

    /** Appends {@code b}; false (and nothing stored) when the ring is full. */
    boolean offer(int b) {
        if (count == ring.length) return false;
        ring[(head + count) % ring.length] = (byte) b;
        count++;
        return true;
    }

    /** Removes and returns the oldest byte (0..255); the caller checks {@link #isEmpty()} first. */
    int poll() {
        int b = ring[head] & 0xff;
        head = (head + 1) % ring.length;
        count--;
        return b;
    }

    void clear() {
        head = 0;
        count = 0;
    }
}

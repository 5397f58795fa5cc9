package io.jhyve.console;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * An output stream that takes bytes into a bounded buffer and writes them to {@code target} from its
 * own daemon thread, flushing whenever the buffer runs dry. It lets a vCPU thread emit console bytes
 * without waiting on a terminal, pipe or file.
 *
 * <p>When the buffer is full, {@link WhenFull#WAIT} makes the writer wait (the guest's output is
 * worth the stall: a file or a terminal that keeps up), and {@link WhenFull#DROP} discards the new
 * bytes and counts them (a pseudo-terminal nobody has opened yet). Once {@code target} fails, writes
 * throw that failure.
 */
public final class AsyncOutputStream extends OutputStream {
    /** What a write into a full buffer does. */
    public enum WhenFull { WAIT, DROP }

    public static final int DEFAULT_CAPACITY = 64 * 1024;

    private final OutputStream target;
    private final WhenFull whenFull;
    private final byte[] ring;
    private int head;
    private int count;
    private long dropped;
    private boolean closed;
    private IOException failure;
    private final Thread drainer;

    public AsyncOutputStream(String name, OutputStream target, int capacity, WhenFull whenFull) {
        this.target = target;
        this.whenFull = whenFull;
        this.ring = new byte[capacity];
        this.drainer = new Thread(this::drain, name);
        drainer.setDaemon(true);
        drainer.start();
    }

    @Override
    public synchronized void write(int b) throws IOException {
        while (count == ring.length) {
            checkUsable();
            if (whenFull == WhenFull.DROP) {
                dropped++;
                return;
            }
            awaitChange();
        }
        checkUsable();
        ring[(head + count) % ring.length] = (byte) b;
        count++;
        notifyAll();
    }

    /** Waits until everything written so far has reached {@code target} and been flushed. */
    @Override
    public synchronized void flush() throws IOException {
        while (count > 0 && failure == null) awaitChange();
        if (failure != null) throw failure;
    }

    /** Bytes discarded because the buffer was full ({@link WhenFull#DROP} only). */
    public synchronized long droppedBytes() { return dropped; }

    /** Drains what is buffered, stops the thread and closes {@code target}. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) return;
            try {
                flush();
            } finally {
                closed = true;
                notifyAll();
            }
        }
        try {
            drainer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        target.close();
    }

    private void checkUsable() throws IOException {
        if (failure != null) throw failure;
        if (closed) throw new IOException("console output already closed");
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for console output to drain");
        }
    }

    private void drain() {
        byte[] chunk = new byte[Math.min(ring.length, 8192)];
        while (true) {
            int n;
            synchronized (this) {
                while (count == 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (count == 0) return;
                n = Math.min(Math.min(count, chunk.length), ring.length - head);
                System.arraycopy(ring, head, chunk, 0, n);
            }
            try {
                target.write(chunk, 0, n);
                if (isLastChunk(n)) target.flush();
            } catch (IOException e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                return;
            }
            synchronized (this) {
                head = (head + n) % ring.length;
                count -= n;
                notifyAll();
            }
        }
    }

    private synchronized boolean isLastChunk(int n) { return count == n; }
}

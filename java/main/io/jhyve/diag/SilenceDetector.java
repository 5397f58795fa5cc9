package io.jhyve.diag;

import java.util.function.LongSupplier;

/**
 * Decides when a guest has been silent too long: no console output for {@code timeoutNanos} since
 * the last output (or since it started). Thread-safe: the console reports activity from a vCPU
 * thread while a watcher asks from another. A timeout of 0 means never silent.
 */
public final class SilenceDetector {
    private final long timeoutNanos;
    private final LongSupplier clock;
    private volatile long lastActivity;

    /** @param clock nanoseconds, monotonic ({@code System::nanoTime} outside tests) */
    public SilenceDetector(long timeoutNanos, LongSupplier clock) {
        this.timeoutNanos = timeoutNanos;
        this.clock = clock;
        this.lastActivity = clock.getAsLong();
    }

    public void activity() { lastActivity = clock.getAsLong(); }

    public long silentNanos() { return Math.max(0, clock.getAsLong() - lastActivity); }

    public boolean enabled() { return timeoutNanos > 0; }

    public boolean expired() { return enabled() && silentNanos() >= timeoutNanos; }

    public long timeoutNanos() { return timeoutNanos; }
}

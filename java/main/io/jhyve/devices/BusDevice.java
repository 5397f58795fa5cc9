package io.jhyve.devices;

import java.util.Map;

/**
 * A device model as the vCPU sees it: a range of port-I/O or MMIO addresses that it answers.
 * The same contract serves both buses.
 *
 * <p>Contract: {@code offset} is relative to the start of the range the device was attached at, and
 * {@code size} is 1, 2, 4 or 8. The {@link Bus} has already checked that the access lies inside the
 * range, so a device never sees an access past its end. Calls come from vCPU threads; a device
 * that also has its own threads (timers, I/O workers) synchronises itself. A device must never
 * throw for anything the guest does: odd registers read as all ones or zero, odd writes are dropped.
 */
public interface BusDevice {
    /** A short, stable name for logs and reports, e.g. "uart16550@0x3f8". */
    String name();

    /** The value of a guest read; only the low {@code size} bytes are used. */
    long read(long offset, int size);

    /** A guest write of the low {@code size} bytes of {@code value}. */
    void write(long offset, int size, long value);

    /** Back to power-on state (guest reboot when the machine restarts in place). */
    default void reset() { }

    /**
     * Counters and register values by name, in a stable order, for {@code --stats}; empty when the
     * device has nothing to count. Called from any thread.
     */
    default Map<String, Long> stats() { return Map.of(); }
}

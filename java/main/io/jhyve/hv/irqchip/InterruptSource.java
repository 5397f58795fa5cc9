package io.jhyve.hv.irqchip;

/**
 * The interrupt controller as one processor sees it: the INTR signal and the interrupt-acknowledge
 * cycle that turns it into a vector (for the 8259A, the two INTA pulses of its datasheet; for a
 * local APIC, accepting the highest IRR bit into ISR, SDM Vol. 3 §11.8.3). Thread-safe.
 */
public interface InterruptSource {
    /** True while the controller asks for an interrupt. */
    boolean hasInterrupt();

    /** Takes the highest-priority request and returns its vector; -1 when the request went away. */
    int acknowledge();

    /** True while an NMI waits for the processor (SDM Vol. 3 §6.7; NMIs are not acknowledged, only taken). */
    default boolean nmiPending() { return false; }

    /** Takes the pending NMI; false if there was none. */
    default boolean takeNmi() { return false; }

    /** Whether the processor still waits for a STARTUP message (an application processor after INIT). */
    default boolean awaitingStartup() { return false; }

    /** The vector of a STARTUP message that arrived, consumed; -1 if none. */
    default int takeStartupVector() { return -1; }

    /** A processor nothing is wired to (an application processor before the local APICs exist). */
    InterruptSource NONE = new InterruptSource() {
        @Override public boolean hasInterrupt() { return false; }

        @Override public int acknowledge() { return -1; }
    };
}

package io.jhyve.devices;

/**
 * One interrupt line into the machine's interrupt controller, as handed to a device at wiring time.
 * Level semantics: a device raises the line while it has a reason to interrupt and lowers it when
 * the reason is gone (as the 16550's INTR pin does). Safe to call from any thread.
 */
public interface IrqLine {
    void set(boolean level);

    default void raise() { set(true); }

    default void lower() { set(false); }

    /** The global system interrupt number, for reports. */
    int gsi();

    /** A line wired to nothing, for devices that run without interrupts (and for tests). */
    static IrqLine none(int gsi) {
        return new IrqLine() {
            @Override public void set(boolean level) { }
            @Override public int gsi() { return gsi; }
        };
    }
}

package io.jhyve.devices.legacy;

import io.jhyve.devices.BusDevice;
import io.jhyve.devices.IrqLine;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The 8254 programmable interval timer (Intel 82C54 datasheet, order no. 231244) as the PC wires
 * it: channel 0 drives IRQ 0, channel 2's gate and output are on port 0x61 ("system control port
 * B", bit 0 gate, bit 5 OUT2), which Linux uses to calibrate the TSC. Counters are computed from
 * the host clock when read rather than ticked, and channel 0's interrupts are scheduled on a
 * {@link TimerQueue}. Supported: control words, counter latch, read-back, LSB/MSB/both access,
 * modes 0, 2 and 3 exactly, modes 1, 4 and 5 like 0 (no hardware trigger here); binary counting
 * only (BCD is accepted and counted as binary). Thread-safe.
 */
public final class I8254Pit {
    public static final int PIT_PORT = 0x40, PIT_PORTS = 4, PORT_B = 0x61;
    /** The PIT's input clock: 14.31818 MHz / 12. */
    public static final long PIT_FREQUENCY_HZ = 1_193_182;
    /** At most this many ticks are owed to a slow guest. */
    static final int MAX_PENDING_TICKS = 256;
    // Control word (port 0x43): SC bits 7:6, RW bits 5:4, M bits 3:1, BCD bit 0.
    static final int SC_READ_BACK = 3, RW_LATCH = 0, RW_LSB = 1, RW_MSB = 2, RW_BOTH = 3;
    // Port 0x61: gate 2, speaker data, refresh toggle (bit 4), OUT2 (bit 5).
    static final int PORT_B_GATE2 = 0x01, PORT_B_SPEAKER = 0x02, PORT_B_REFRESH = 0x10, PORT_B_OUT2 = 0x20;

    private final IrqLine irq0;
    private final LongSupplier clock;
    private final TimerQueue timers;
    private final PitChannel[] channels = new PitChannel[3];
    private int portB;
    private Runnable cancelTick = () -> { };
    private final Object edgeLock = new Object();
    // Lost-tick compensation (see reinjectTicks): periods counted so far, not yet delivered, and
    // whether the last delivered tick is still waiting for the processor to take it.
    private BooleanSupplier irq0Masked;
    private long ticksDue;
    private int ticksPending;
    private boolean awaitingAck;


    public I8254Pit(IrqLine irq0, LongSupplier clock, TimerQueue timers) {
        this.irq0 = irq0;
        this.clock = clock;
        this.timers = timers;
        for (int i = 0; i < 3; i++) channels[i] = new PitChannel(i != 2); // channels 0, 1: gate tied high
    }

    /** Elapsed PIT clocks in {@code nanos} of host time, without overflow for any realistic span. */
    static long ticks(long nanos) {
        return nanos / 1_000_000_000L * PIT_FREQUENCY_HZ + nanos % 1_000_000_000L * PIT_FREQUENCY_HZ / 1_000_000_000L;
    }

    /** Host nanoseconds until {@code ticks} PIT clocks have passed, rounded up so {@link #ticks} sees them all. */
    static long nanos(long ticks) {
        return (ticks * 1_000_000_000L + PIT_FREQUENCY_HZ - 1) / PIT_FREQUENCY_HZ;
    }

    /** Ports 0x40-0x43. */
    public BusDevice ports() {
        return new BusDevice() {
            @Override public String name() { return "i8254-pit@0x40"; }

            @Override public long read(long offset, int size) { return offset < 3 ? readData((int) offset) : 0xff; }

            @Override
            public void write(long offset, int size, long value) {
                if (offset < 3) writeData((int) offset, (int) value & 0xff);
                else writeControl((int) value & 0xff);
            }
        };
    }

    /** Port 0x61. */
    public BusDevice portB() {
        return new BusDevice() {
            @Override public String name() { return "port-b@0x61"; }

            @Override public long read(long offset, int size) { return readPortB(); }

            @Override public void write(long offset, int size, long value) { writePortB((int) value & 0xff); }
        };
    }

    private synchronized int readData(int ch) {
        return channels[ch].read(clock.getAsLong());
    }

    private void writeData(int ch, int value) {
        synchronized (this) {
            boolean started = channels[ch].write(value, clock.getAsLong());
            if (ch == 0 && started) {
                ticksDue = ticksPending = 0;
                awaitingAck = false;
                scheduleTick();
            }
        }
    }

    private synchronized void writeControl(int v) {
        int sc = v >>> 6;
        long now = clock.getAsLong();
        if (sc == SC_READ_BACK) {
            for (int ch = 0; ch < 3; ch++) {
                if ((v & (2 << ch)) == 0) continue;
                if ((v & 0x20) == 0) channels[ch].latchCount(now);
                if ((v & 0x10) == 0) channels[ch].latchStatus(now);
            }
            return;
        }
        int rw = (v >>> 4) & 3;
        if (rw == RW_LATCH) {
            channels[sc].latchCount(now);
            return;
        }
        channels[sc].program(rw, (v >>> 1) & 7);
        if (sc == 0) {
            cancelTick.run();
            irq0.set(false);
        }
    }

    private synchronized int readPortB() {
        long now = clock.getAsLong();
        // The refresh request bit toggles every 15.085 us on a PC; derived from the clock here.
        int refresh = ((now / 15_085L) & 1) != 0 ? PORT_B_REFRESH : 0;
        int out2 = channels[2].out(now) ? PORT_B_OUT2 : 0;
        return (portB & (PORT_B_GATE2 | PORT_B_SPEAKER)) | refresh | out2;
    }

    private synchronized void writePortB(int v) {
        portB = v;
        channels[2].setGate((v & PORT_B_GATE2) != 0, clock.getAsLong());
    }

    /** Channel 0's next output edge: a one-shot in mode 0, periodic in modes 2 and 3. */
    private void scheduleTick() {
        cancelTick.run();
        PitChannel c = channels[0];
        long start = c.startNanos();
        long period = c.reload();
        long now = clock.getAsLong();
        long elapsed = ticks(now - start);
        long next = c.periodic() ? (elapsed / period + 1) * period : period;
        if (!c.periodic() && elapsed >= period) return;
        cancelTick = timers.schedule(start + nanos(next), this::tick);
    }

    private void tick() {
        boolean raise;
        synchronized (this) {
            if (!channels[0].counting()) return;
            scheduleTick();
            raise = irq0Masked == null || queueTick();
        }
        if (raise) edge();
    }

    /**
     * An edge for the PIC. Serialised: with reinjection a tick (timer thread) and a released owed tick
     * (vCPU thread) can both raise the line, and one raising it while the other still holds it high
     * would make no edge, leaving the PIT waiting for an acknowledge that never comes.
     */
    private void edge() {
        synchronized (edgeLock) {
            irq0.set(true);
            irq0.set(false);
        }
    }

    /**
     * Delivers ticks one at a time, each only after the processor took the previous one
     * ({@link #irq0Acknowledged}), so none is lost when the guest is slower than the tick rate for a
     * while; KVM's in-kernel PIT does the same by default ("reinject"). While {@code irq0Masked} says
     * the guest masked IRQ 0 (at the 8259; it may take the PIT through the IOAPIC instead), no
     * acknowledge will come: ticks are then sent as they fall due and no backlog is kept.
     */
    public synchronized void reinjectTicks(BooleanSupplier irq0Masked) {
        this.irq0Masked = irq0Masked;
    }

    /** Counts the periods elapsed up to now; true when one may be delivered now. */
    private boolean queueTick() {
        PitChannel c = channels[0];
        long now = clock.getAsLong();
        long due = c.periodic() ? ticks(now - c.startNanos()) / c.reload() : 1;
        ticksPending = (int) Math.min(MAX_PENDING_TICKS, ticksPending + Math.max(0, due - ticksDue));
        ticksDue = due;
        if (irq0Masked.getAsBoolean()) {
            ticksPending = 0;
            awaitingAck = false;
            return true;
        }
        return !awaitingAck && deliverPending();
    }

    private boolean deliverPending() {
        if (ticksPending == 0) return false;
        ticksPending--;
        awaitingAck = true;
        return true;
    }

    /** The processor took IRQ 0 (the PIC's interrupt acknowledge): the next owed tick may follow. */
    public void irq0Acknowledged() {
        boolean raise;
        synchronized (this) {
            if (irq0Masked == null) return;
            awaitingAck = false;
            raise = deliverPending();
        }
        if (raise) edge();
    }
}

package io.jhyve.devices.legacy;

import io.jhyve.devices.BusDevice;
import java.util.function.IntConsumer;

/**
 * The PC's two cascaded 8259A PICs: the master at ports 0x20-0x21 with the slave's INT on its
 * IR2, the slave at 0xa0-0xa1, and the PIIX edge/level control registers (ELCR) at 0x4d0-0x4d1
 * (Intel 82371AB PIIX4 datasheet §12.3 "ELCR"; IRQ 0, 1, 2, 8 and 13 are always edge-triggered).
 * jhyve's interrupt controller for hypervisors without one in the kernel (HVF): devices drive
 * {@link #setIrq}, the vCPU asks {@link #pendingVector()} and takes the interrupt with
 * {@link #acknowledge()} when it injects it. {@code onInterrupt} runs when a new interrupt
 * becomes pending, so a halted or running vCPU can be woken. Thread-safe.
 */
public final class I8259Pair {
    public static final int MASTER_PORT = 0x20, SLAVE_PORT = 0xa0, ELCR_PORT = 0x4d0;
    /** The master input the slave's INT is wired to. */
    public static final int CASCADE_IRQ = 2;
    /** ELCR bits that may be set: not IRQ 0, 1, 2 (master) nor IRQ 8, 13 (slave). */
    static final int ELCR_MASTER_MASK = 0xf8, ELCR_SLAVE_MASK = 0xde;
    /** What a spurious INTA returns: IR7 of the chip, not put in service (datasheet). */
    static final int SPURIOUS_IRQ = 7;

    private final I8259 master = new I8259();
    private final I8259 slave = new I8259();
    private final Runnable onInterrupt;
    private volatile IntConsumer onAcknowledge = irq -> { };

    public I8259Pair(Runnable onInterrupt) {
        this.onInterrupt = onInterrupt;
        master.alwaysLevel = 1 << CASCADE_IRQ;
    }

    /** Drives ISA interrupt line {@code irq} (0-15) to {@code level}. */
    public void setIrq(int irq, boolean level) {
        if (irq < 0 || irq > 15) return;
        boolean notify;
        synchronized (this) {
            boolean before = hasInterrupt();
            if (irq < 8) master.setInput(irq, level);
            else slave.setInput(irq - 8, level);
            updateCascade();
            notify = !before && hasInterrupt();
        }
        if (notify) onInterrupt.run();
    }

    private void updateCascade() {
        master.setInput(CASCADE_IRQ, slave.pending() >= 0);
    }

    /** Whether ISA IRQ {@code irq} is masked in its 8259's IMR (a slave IRQ also when the cascade input is). */
    public synchronized boolean masked(int irq) {
        if (irq < 8) return (master.imr & 1 << irq) != 0;
        return (slave.imr & 1 << (irq - 8)) != 0 || (master.imr & 1 << CASCADE_IRQ) != 0;
    }

    /** True when the master signals INT to the processor. */
    public synchronized boolean hasInterrupt() {
        return master.pending() >= 0;
    }

    /**
     * Who learns which ISA IRQ the processor took (the PIT's lost-tick compensation); runs on the
     * acknowledging thread without the PICs' lock.
     */
    public void onAcknowledge(IntConsumer listener) {
        this.onAcknowledge = listener;
    }

    /** The INTA cycle: the vector of the highest-priority request, now in service. -1 if none. */
    public int acknowledge() {
        int irq;
        int vector;
        synchronized (this) {
            irq = master.pending();
            if (irq < 0) return -1;
            master.acknowledge(irq);
            if (irq == CASCADE_IRQ) {
                int s = slave.pending();
                if (s < 0) s = SPURIOUS_IRQ;
                else slave.acknowledge(s);
                vector = slave.vector(s);
                irq = 8 + s;
            } else {
                vector = master.vector(irq);
            }
            updateCascade();
        }
        onAcknowledge.accept(irq);
        return vector;
    }

    public synchronized void reset() {
        master.reset();
        slave.reset();
        master.elcr = slave.elcr = 0;
    }

    /** The bus device of the master (at {@link #MASTER_PORT}, 2 ports) or the slave. */
    public BusDevice chip(boolean isMaster) {
        I8259 chip = isMaster ? master : slave;
        String name = String.format("i8259-%s@0x%x", isMaster ? "master" : "slave", isMaster ? MASTER_PORT : SLAVE_PORT);
        return new BusDevice() {
            @Override public String name() { return name; }

            @Override
            public long read(long offset, int size) {
                synchronized (I8259Pair.this) {
                    return offset == 0 ? chip.readCommand(() -> pollAcknowledge(chip)) : chip.imr;
                }
            }

            @Override
            public void write(long offset, int size, long value) {
                boolean notify;
                synchronized (I8259Pair.this) {
                    boolean before = hasInterrupt();
                    if (offset == 0) chip.writeCommand((int) value & 0xff);
                    else chip.writeData((int) value & 0xff);
                    updateCascade();
                    notify = !before && hasInterrupt();
                }
                if (notify) onInterrupt.run(); // an unmask or EOI can release a waiting request
            }

            @Override public void reset() { I8259Pair.this.reset(); }
        };
    }

    private void pollAcknowledge(I8259 chip) {
        chip.acknowledge(chip.pending());
        updateCascade();
    }

    /** The ELCR pair at {@link #ELCR_PORT} (2 ports). */
    public BusDevice elcr() {
        return new BusDevice() {
            @Override public String name() { return "elcr@0x4d0"; }

            @Override
            public long read(long offset, int size) {
                synchronized (I8259Pair.this) {
                    return offset == 0 ? master.elcr : slave.elcr;
                }
            }

            @Override
            public void write(long offset, int size, long value) {
                synchronized (I8259Pair.this) {
                    if (offset == 0) master.elcr = (int) value & ELCR_MASTER_MASK;
                    else slave.elcr = (int) value & ELCR_SLAVE_MASK;
                }
            }
        };
    }
}

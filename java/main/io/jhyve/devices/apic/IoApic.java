package io.jhyve.devices.apic;

import io.jhyve.devices.BusDevice;

/**
 * The I/O APIC (Intel 82093AA datasheet, order no. 290566): 24 input pins, each with a 64-bit
 * redirection entry that turns the pin into an interrupt message to the local APICs. Registers are
 * reached indirectly: IOREGSEL at offset 0x00 selects, IOWIN at 0x10 reads or writes (§3.1).
 *
 * <p>Edge-triggered pins send on a rising edge; level-triggered pins send while asserted and set
 * remote IRR until the local APIC broadcasts the EOI of that vector (§3.2.4), then send again if
 * still asserted. Masked pins send nothing; unmasking an asserted level pin sends. Lines are
 * handed in already active-high, so the polarity bit is kept but not applied. ExtINT, NMI and SMI
 * redirection are not modelled. Thread-safe; delivery happens with the IOAPIC's lock held, which
 * is safe because a local APIC never calls back into the IOAPIC with its own lock held.
 */
public final class IoApic implements BusDevice {
    public static final long IO_APIC_BASE = 0xfec0_0000L;
    public static final int PINS = 24;
    /** The register window the chipset decodes (IOREGSEL, IOWIN and the rest of the page, reserved). */
    public static final int WINDOW_SIZE = 0x1000;
    public static final int IOREGSEL = 0x00, IOWIN = 0x10;
    public static final int IOAPICID = 0x00, IOAPICVER = 0x01, IOAPICARB = 0x02, IOREDTBL = 0x10;
    /** Version 0x11 with maximum redirection entry 23 in bits 23:16 (§3.2.2). */
    public static final int VERSION = 0x11 | (PINS - 1) << 16;
    static final long RTE_DELIVERY_STATUS = 1L << 12, RTE_REMOTE_IRR = 1L << 14, RTE_LEVEL = 1L << 15,
            RTE_MASKED = 1L << 16;
    /** Software-writable bits: vector, delivery and destination mode, polarity, trigger, mask, destination. */
    static final long RTE_WRITABLE = 0xff00_0000_0001_afffL;

    private final ApicBus bus;
    private final long[] redirection = new long[PINS];
    private final boolean[] asserted = new boolean[PINS];
    private int select;
    private int id;

    public IoApic(int id, ApicBus bus) {
        this.id = id;
        this.bus = bus;
        java.util.Arrays.fill(redirection, RTE_MASKED);
        bus.onLevelEoi(this::eoi);
    }

    @Override public String name() { return "ioapic@0xfec00000"; }

    /** Drives input pin {@code pin} (the GSI) to {@code level}; other pins do not exist and are ignored. */
    public synchronized void setIrq(int pin, boolean level) {
        if (pin < 0 || pin >= PINS) return;
        boolean rising = level && !asserted[pin];
        asserted[pin] = level;
        long rte = redirection[pin];
        if ((rte & RTE_LEVEL) != 0 ? level : rising) send(pin);
    }

    private void send(int pin) {
        long rte = redirection[pin];
        if ((rte & RTE_MASKED) != 0) return;
        boolean level = (rte & RTE_LEVEL) != 0;
        if (level) {
            if ((rte & RTE_REMOTE_IRR) != 0) return;
            redirection[pin] = rte | RTE_REMOTE_IRR;
        }
        bus.deliver(new InterruptMessage((int) (rte >>> 56), (rte & 1L << 11) != 0, (int) (rte >> 8) & 7,
                (int) rte & 0xff, level, InterruptMessage.NO_SHORTHAND), null);
    }

    /** A local APIC finished level-triggered {@code vector}: clear remote IRR, send again if still asserted. */
    public synchronized void eoi(int vector) {
        for (int pin = 0; pin < PINS; pin++) {
            long rte = redirection[pin];
            if ((rte & RTE_REMOTE_IRR) != 0 && (rte & 0xff) == vector) {
                redirection[pin] = rte & ~RTE_REMOTE_IRR;
                if (asserted[pin] && (rte & RTE_LEVEL) != 0) send(pin);
            }
        }
    }

    @Override
    public synchronized long read(long offset, int size) {
        if (offset == IOREGSEL) return select;
        if (offset != IOWIN) return 0;
        if (select == IOAPICID || select == IOAPICARB) return (long) id << 24;
        if (select == IOAPICVER) return VERSION;
        int pin = (select - IOREDTBL) >> 1;
        if (select < IOREDTBL || pin >= PINS) return 0;
        long rte = redirection[pin];
        return (select & 1) == 0 ? rte & 0xffff_ffffL : rte >>> 32;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
        if (offset == IOREGSEL) {
            select = (int) value & 0xff;
            return;
        }
        if (offset != IOWIN) return;
        if (select == IOAPICID) {
            id = (int) (value >> 24) & 0xf;
            return;
        }
        int pin = (select - IOREDTBL) >> 1;
        if (select < IOREDTBL || pin >= PINS) return;
        long old = redirection[pin];
        long half = (select & 1) == 0 ? (old & ~0xffff_ffffL) | (value & 0xffff_ffffL)
                : (old & 0xffff_ffffL) | (value & 0xffff_ffffL) << 32;
        redirection[pin] = (half & RTE_WRITABLE) | (old & (RTE_REMOTE_IRR | RTE_DELIVERY_STATUS));
        if ((redirection[pin] & RTE_LEVEL) == 0) redirection[pin] &= ~RTE_REMOTE_IRR;
        if ((old & RTE_MASKED) != 0 && (redirection[pin] & (RTE_MASKED | RTE_LEVEL)) == RTE_LEVEL && asserted[pin]) {
            send(pin); // unmasking an asserted level-triggered pin delivers it
        }
    }
}

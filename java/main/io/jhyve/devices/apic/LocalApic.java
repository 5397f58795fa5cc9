package io.jhyve.devices.apic;

import io.jhyve.devices.legacy.TimerQueue;
import java.util.function.LongSupplier;

/**
 * One processor's local APIC in xAPIC mode (Intel SDM Vol. 3 ch. 11), as seen through its 4 KiB
 * register page at 0xFEE00000 ({@link #readRegister}, {@link #writeRegister}, offsets into the page).
 *
 * <p>Modelled: ID, version, TPR/PPR (§11.8.3.1), EOI, LDR/DFR (flat and cluster models, §11.6.2.2),
 * SVR with software enable, ISR/TMR/IRR, ESR, ICR with fixed, lowest-priority, INIT and STARTUP
 * delivery (sent at once: delivery status always idle), the LVT (timer one-shot and periodic with
 * the divide register, LINT0, LINT1, error, thermal, performance, CMCI as storage), and ExtINT on
 * LINT0 (§11.5.1: the 8259's INTR passes through, acknowledged at the 8259), NMI messages (an NMI
 * IPI: pending until the processor takes it, not held in IRR). Not modelled: SMI delivery, LINT1
 * (nothing drives it), TSC-deadline mode, x2APIC, the APIC base relocation, focus processor checking.
 *
 * <p>At reset LINT0 of the boot processor is ExtINT and unmasked, as firmware leaves it for
 * virtual-wire mode (MP spec §3.6.2.2), so a guest that only programs the 8259s gets their
 * interrupts. An application processor waits for a STARTUP message ({@link #takeStartupVector}).
 * Thread-safe; the APIC never calls the bus with its lock held.
 */
public final class LocalApic {
    // Register offsets in the APIC page (Table 11-1).
    public static final int APIC_ID = 0x20, APIC_VERSION = 0x30, APIC_TPR = 0x80, APIC_APR = 0x90, APIC_PPR = 0xa0,
            APIC_EOI = 0xb0, APIC_LDR = 0xd0, APIC_DFR = 0xe0, APIC_SVR = 0xf0, APIC_ISR = 0x100, APIC_TMR = 0x180,
            APIC_IRR = 0x200, APIC_ESR = 0x280, APIC_LVT_CMCI = 0x2f0, APIC_ICR_LOW = 0x300, APIC_ICR_HIGH = 0x310,
            APIC_LVT_TIMER = 0x320, APIC_LVT_THERMAL = 0x330, APIC_LVT_PERF = 0x340, APIC_LVT_LINT0 = 0x350,
            APIC_LVT_LINT1 = 0x360, APIC_LVT_ERROR = 0x370, APIC_TIMER_INITIAL = 0x380, APIC_TIMER_CURRENT = 0x390,
            APIC_TIMER_DIVIDE = 0x3e0;
    /** Version 0x14 (integrated xAPIC), max LVT entry 6 (CMCI is the seventh). */
    public static final int VERSION = 0x14 | 6 << 16;
    public static final int SVR_ENABLE = 1 << 8, LVT_MASKED = 1 << 16, ICR_LEVEL_ASSERT = 1 << 14;
    public static final int ESR_RECEIVE_ILLEGAL_VECTOR = 1 << 6, ESR_SEND_ILLEGAL_VECTOR = 1 << 5;
    static final int DELIVERY_EXT_INT = 7;
    /** LVT bits software can write, per entry (Figure 11-8); delivery status and remote IRR are read-only. */
    private static final int[] LVT_WRITABLE = {0x700ff, 0x107ff, 0x107ff, 0x1a7ff, 0x1a7ff, 0x100ff, 0x107ff};
    private static final int[] LVT_OFFSETS = {APIC_LVT_TIMER, APIC_LVT_THERMAL, APIC_LVT_PERF, APIC_LVT_LINT0,
        APIC_LVT_LINT1, APIC_LVT_ERROR, APIC_LVT_CMCI};
    private static final int TIMER = 0, LINT0 = 3;

    /** The 8259 pair as LINT0's ExtINT source. */
    public interface ExternalInterrupts {
        boolean pending();

        int acknowledge();
    }

    private final boolean bootProcessor;
    private final ExternalInterrupts external;
    private final ApicTimer timer;
    private ApicBus bus;
    private volatile Runnable wake = () -> { };
    private int id;
    private int tpr, ldr, dfr, svr, esr, pendingEsr, icrLow, icrHigh;
    private final int[] lvt = new int[LVT_OFFSETS.length];
    private final int[] irr = new int[8], isr = new int[8], tmr = new int[8];
    private boolean awaitingStartup;
    private boolean nmiPending;
    private int startupVector = -1;

    public LocalApic(int id, boolean bootProcessor, ExternalInterrupts external, LongSupplier clock, TimerQueue timers) {
        this.id = id;
        this.bootProcessor = bootProcessor;
        this.external = external;
        this.timer = new ApicTimer(clock, timers, this::timerExpired);
        reset();
        awaitingStartup = !bootProcessor;
    }

    void attach(ApicBus bus) { this.bus = bus; }

    /** What to run when this APIC has a new interrupt or start-up for its processor (any thread). */
    public void onWake(Runnable r) { this.wake = r; }

    private void reset() {
        tpr = ldr = esr = pendingEsr = icrLow = icrHigh = 0;
        dfr = 0xffff_ffff;
        svr = 0xff;
        java.util.Arrays.fill(lvt, LVT_MASKED);
        if (bootProcessor) lvt[LINT0] = DELIVERY_EXT_INT << 8;
        java.util.Arrays.fill(irr, 0);
        java.util.Arrays.fill(isr, 0);
        java.util.Arrays.fill(tmr, 0);
        timer.stop();
        timer.setDivideConfig(0);
    }

    public synchronized int id() { return id; }

    /** Reads the 32-bit register at {@code offset} in the page; anything else reads 0. */
    public synchronized int readRegister(int offset) {
        int reg = offset & 0xff0;
        if (reg >= APIC_ISR && reg < APIC_ISR + 0x80) return isr[(reg - APIC_ISR) >> 4];
        if (reg >= APIC_TMR && reg < APIC_TMR + 0x80) return tmr[(reg - APIC_TMR) >> 4];
        if (reg >= APIC_IRR && reg < APIC_IRR + 0x80) return irr[(reg - APIC_IRR) >> 4];
        int l = lvtIndex(reg);
        if (l >= 0) return lvt[l];
        return switch (reg) {
            case APIC_ID -> id << 24;
            case APIC_VERSION -> VERSION;
            case APIC_TPR -> tpr;
            case APIC_PPR -> ppr();
            case APIC_LDR -> ldr;
            case APIC_DFR -> dfr;
            case APIC_SVR -> svr;
            case APIC_ESR -> esr;
            case APIC_ICR_LOW -> icrLow;
            case APIC_ICR_HIGH -> icrHigh;
            case APIC_TIMER_INITIAL -> (int) timer.initialCount();
            case APIC_TIMER_CURRENT -> (int) timer.currentCount(timerMode());
            case APIC_TIMER_DIVIDE -> timer.divideConfig();
            default -> 0;
        };
    }

    private static int lvtIndex(int reg) {
        for (int i = 0; i < LVT_OFFSETS.length; i++) if (LVT_OFFSETS[i] == reg) return i;
        return -1;
    }

    /** Writes the 32-bit register at {@code offset}; read-only and reserved registers ignore writes. */
    public void writeRegister(int offset, int value) {
        InterruptMessage ipi = null;
        int eoiVector = -1;
        synchronized (this) {
            int reg = offset & 0xff0;
            int l = lvtIndex(reg);
            if (l >= 0) {
                writeLvt(l, value);
            } else {
                switch (reg) {
                    case APIC_ID -> id = value >>> 24;
                    case APIC_TPR -> tpr = value & 0xff;
                    case APIC_EOI -> eoiVector = eoi();
                    case APIC_LDR -> ldr = value & 0xff00_0000;
                    case APIC_DFR -> dfr = value | 0x0fff_ffff;
                    case APIC_SVR -> writeSvr(value);
                    case APIC_ESR -> { // a write latches the errors since the last one (§11.5.3)
                        esr = pendingEsr;
                        pendingEsr = 0;
                    }
                    case APIC_ICR_LOW -> ipi = writeIcr(value);
                    case APIC_ICR_HIGH -> icrHigh = value & 0xff00_0000;
                    case APIC_TIMER_INITIAL -> timer.start(value, timerMode());
                    case APIC_TIMER_DIVIDE -> timer.setDivideConfig(value);
                    default -> { }
                }
            }
        }
        if (eoiVector >= 0 && bus != null) bus.levelEoi(eoiVector);
        // No wake-up for what this write releases (a lower TPR, an EOI): only the APIC's own processor
        // writes its page, and it checks for interrupts before it re-enters the guest.
        if (ipi != null && bus != null) bus.deliver(ipi, this);
    }

    private void writeLvt(int index, int value) {
        int v = value & LVT_WRITABLE[index];
        if ((svr & SVR_ENABLE) == 0) v |= LVT_MASKED; // software-disabled: the masks stay set (§11.4.7.2)
        lvt[index] = v;
    }

    private void writeSvr(int value) {
        svr = value & 0x3ff;
        if ((svr & SVR_ENABLE) == 0) {
            for (int i = 0; i < lvt.length; i++) lvt[i] |= LVT_MASKED;
        }
    }

    private int timerMode() { return lvt[TIMER] >> 17 & 3; }

    /** The ICR low write that sends (§11.6.1); INIT level de-assert is a no-op on xAPIC processors after P4. */
    private InterruptMessage writeIcr(int value) {
        icrLow = value & 0x000c_cfff;
        int mode = value >> 8 & 7;
        if (mode == InterruptMessage.INIT && (value & ICR_LEVEL_ASSERT) == 0) return null;
        int vector = value & 0xff;
        if ((mode == InterruptMessage.FIXED || mode == InterruptMessage.LOWEST_PRIORITY) && vector < 16) {
            pendingEsr |= ESR_SEND_ILLEGAL_VECTOR;
            return null;
        }
        return new InterruptMessage(icrHigh >>> 24, (value & 1 << 11) != 0, mode, vector, (value & 1 << 15) != 0,
                value >> 18 & 3);
    }

    /** Whether this APIC is selected by {@code destination} (§11.6.2.1, §11.6.2.2). */
    public synchronized boolean matchesDestination(int destination, boolean logical) {
        if (!logical) return destination == InterruptMessage.BROADCAST || destination == id;
        int logicalId = ldr >>> 24;
        if ((dfr >>> 28) == 0xf) return (logicalId & destination) != 0; // flat model
        return (logicalId >> 4) == (destination >> 4) && (logicalId & destination & 0xf) != 0; // cluster model
    }

    /** A fixed interrupt arrives (from an IPI, the IOAPIC or a local source): it waits in IRR. */
    public void accept(int vector, boolean levelTriggered) {
        synchronized (this) {
            if (vector < 16) {
                pendingEsr |= ESR_RECEIVE_ILLEGAL_VECTOR;
                return;
            }
            set(irr, vector, true);
            set(tmr, vector, levelTriggered);
        }
        wake.run();
    }

    private void timerExpired() {
        boolean fire;
        int vector;
        synchronized (this) {
            fire = timer.expire(timerMode()) && (lvt[TIMER] & LVT_MASKED) == 0;
            vector = lvt[TIMER] & 0xff;
        }
        if (fire) accept(vector, false);
    }

    /** The processor-priority register (§11.8.3.1). */
    private int ppr() {
        int isrv = Math.max(highest(isr), 0);
        return (tpr >> 4) >= (isrv >> 4) ? tpr : isrv & 0xf0;
    }

    /** The IRR vector the processor would take now, or -1 (§11.8.3: its class must be above PPR's). */
    private int deliverable() {
        int v = highest(irr);
        return v >= 0 && (v & 0xf0) > (ppr() & 0xf0) ? v : -1;
    }

    private boolean extIntPending() {
        int l = lvt[LINT0];
        return (l & LVT_MASKED) == 0 && (l >> 8 & 7) == DELIVERY_EXT_INT && external.pending();
    }

    /** The processor's INTR: an ExtINT from the 8259s or a deliverable IRR vector. */
    public synchronized boolean hasInterrupt() {
        return extIntPending() || deliverable() >= 0;
    }

    /**
     * The interrupt acknowledge: the 8259's vector for ExtINT, else IRR's highest moves to ISR. -1 if
     * none. The 8259 is acknowledged without this APIC's lock: what it sets off may reach the IOAPIC.
     */
    public int acknowledge() {
        synchronized (this) {
            if (!extIntPending()) {
                int v = deliverable();
                if (v < 0) return -1;
                set(irr, v, false);
                set(isr, v, true);
                return v;
            }
        }
        return external.acknowledge();
    }

    /** EOI: the highest in-service vector is done; returns it when it was level-triggered (to broadcast), else -1. */
    private int eoi() {
        int v = highest(isr);
        if (v < 0) return -1;
        set(isr, v, false);
        return get(tmr, v) ? v : -1;
    }

    /** An NMI message arrives (delivery mode NMI, §10.6.1: the vector field is ignored). */
    void nmi() {
        synchronized (this) {
            nmiPending = true;
        }
        wake.run();
    }

    public synchronized boolean nmiPending() { return nmiPending; }

    /** The processor takes the pending NMI; false if none. */
    public synchronized boolean takeNmi() {
        boolean had = nmiPending;
        nmiPending = false;
        return had;
    }

    /** An INIT message: the APIC resets (keeping its ID) and its processor waits for STARTUP (SDM Vol. 3 §11.4.7.3, §9.4.4). */
    void init() {
        synchronized (this) {
            if (bootProcessor) return; // jhyve does not reset a running boot processor
            reset();
            awaitingStartup = true;
        }
    }

    /** A STARTUP message: honoured only while the processor waits for one (later SIPIs are ignored). */
    void startup(int vector) {
        synchronized (this) {
            if (!awaitingStartup) return;
            awaitingStartup = false;
            startupVector = vector & 0xff;
        }
        wake.run();
    }

    /** Whether this processor has not been started yet. */
    public synchronized boolean awaitingStartup() { return awaitingStartup || startupVector >= 0; }

    /** The start-up vector once a STARTUP arrived (consumed), else -1. */
    public synchronized int takeStartupVector() {
        int v = startupVector;
        startupVector = -1;
        return v;
    }

    private static int highest(int[] bits) {
        for (int i = 7; i >= 0; i--) {
            if (bits[i] != 0) return i * 32 + 31 - Integer.numberOfLeadingZeros(bits[i]);
        }
        return -1;
    }

    private static void set(int[] bits, int vector, boolean on) {
        if (on) bits[vector >> 5] |= 1 << (vector & 31);
        else bits[vector >> 5] &= ~(1 << (vector & 31));
    }

    private static boolean get(int[] bits, int vector) {
        return (bits[vector >> 5] & 1 << (vector & 31)) != 0;
    }
}

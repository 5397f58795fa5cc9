package io.jhyve.devices.legacy;

/**
 * One 8259A programmable interrupt controller (Intel 8259A datasheet, order no. 231468): the
 * interrupt request, in-service and mask registers, the initialization sequence ICW1-ICW4, the
 * operation command words OCW1-OCW3 (EOI, rotation, priority, register read, poll), fully nested
 * priority with rotation, edge or level triggering per input (the PIIX ELCR), automatic EOI and
 * special mask mode. Not thread-safe: {@link I8259Pair} serialises access.
 */
final class I8259 {
    // ICW1 (A0 = 0, D4 = 1): IC4 bit 0, SNGL bit 1, LTIM bit 3.
    static final int ICW1 = 0x10, ICW1_IC4 = 0x01, ICW1_SNGL = 0x02, ICW1_LTIM = 0x08;
    // ICW4: AEOI bit 1.
    static final int ICW4_AEOI = 0x02;
    // OCW3 (A0 = 0, D4 = 0, D3 = 1): RIS bit 0, RR bit 1, P bit 2, SMM bit 5, ESMM bit 6.
    static final int OCW3 = 0x08, OCW3_RIS = 0x01, OCW3_RR = 0x02, OCW3_POLL = 0x04, OCW3_SMM = 0x20, OCW3_ESMM = 0x40;
    // OCW2 (A0 = 0, D4 = D3 = 0): R bit 7, SL bit 6, EOI bit 5, level in bits 2:0.
    static final int OCW2_R = 0x80, OCW2_SL = 0x40, OCW2_EOI = 0x20;

    int irr, isr, imr;
    /** Inputs configured level-triggered (ELCR); the rest are edge-triggered. */
    int elcr;
    /**
     * Inputs that follow their line whatever the configuration: the master's cascade input, which
     * sees the slave's INT output as long as the slave has a request.
     */
    int alwaysLevel;
    private int lines;               // current input levels, for edge detection
    private int lowestPriority = 7;  // IR(lowest + 1) has the highest priority
    private int vectorBase;
    private int initStep;            // 0 = operating; 2, 3, 4 = next data write is that ICW
    private boolean icw4Expected, single, autoEoi, rotateOnAutoEoi, readIsr, poll, specialMask, levelAll;

    void reset() {
        irr = isr = imr = lines = 0;
        lowestPriority = 7;
        vectorBase = 0;
        initStep = 0;
        icw4Expected = single = autoEoi = rotateOnAutoEoi = readIsr = poll = specialMask = levelAll = false;
    }

    private boolean level(int irq) { return levelAll || ((elcr | alwaysLevel) & (1 << irq)) != 0; }

    /** Drives input IR{@code irq}: edge inputs latch a rising edge, level inputs follow the line. */
    void setInput(int irq, boolean high) {
        int bit = 1 << irq;
        if (level(irq)) {
            irr = high ? irr | bit : irr & ~bit;
        } else if (high && (lines & bit) == 0) {
            irr |= bit;
        }
        lines = high ? lines | bit : lines & ~bit;
    }

    /** Priority rank of {@code irq}: 0 is highest. */
    private int rank(int irq) { return (irq - lowestPriority - 1) & 7; }

    /** The highest-priority set bit of {@code bits}, or -1. */
    private int highest(int bits) {
        for (int r = 0; r < 8; r++) {
            int irq = (lowestPriority + 1 + r) & 7;
            if ((bits & (1 << irq)) != 0) return irq;
        }
        return -1;
    }

    /** The request the chip would signal on INT now, or -1. */
    int pending() {
        int req = highest(irr & ~imr);
        if (req < 0) return -1;
        // Fully nested mode: only a request of higher priority than every in-service level gets
        // through; in special mask mode, only the requesting level itself blocks (datasheet, OCW3).
        int blocking = specialMask ? isr & ~imr : isr;
        int inService = highest(blocking);
        return inService < 0 || rank(req) < rank(inService) ? req : -1;
    }

    /** The INTA cycle for {@code irq} (from {@link #pending()}): in service, edge request consumed. */
    void acknowledge(int irq) {
        int bit = 1 << irq;
        if (!level(irq)) irr &= ~bit;
        if (autoEoi) {
            if (rotateOnAutoEoi) lowestPriority = irq;
        } else {
            isr |= bit;
        }
    }

    int vector(int irq) { return vectorBase | irq; }

    void writeCommand(int v) {
        if ((v & ICW1) != 0) {
            int keepElcr = elcr;
            reset();
            elcr = keepElcr;
            icw4Expected = (v & ICW1_IC4) != 0;
            single = (v & ICW1_SNGL) != 0;
            levelAll = (v & ICW1_LTIM) != 0;
            initStep = 2;
        } else if ((v & OCW3) != 0) {
            if ((v & OCW3_RR) != 0) readIsr = (v & OCW3_RIS) != 0;
            poll = (v & OCW3_POLL) != 0;
            if ((v & OCW3_ESMM) != 0) specialMask = (v & OCW3_SMM) != 0;
        } else {
            ocw2(v);
        }
    }

    private void ocw2(int v) {
        int level = v & 7;
        switch (v & (OCW2_R | OCW2_SL | OCW2_EOI)) {
            case OCW2_EOI, OCW2_R | OCW2_EOI -> { // non-specific EOI (with rotation)
                int irq = highest(isr);
                if (irq < 0) return;
                isr &= ~(1 << irq);
                if ((v & OCW2_R) != 0) lowestPriority = irq;
            }
            case OCW2_SL | OCW2_EOI, OCW2_R | OCW2_SL | OCW2_EOI -> { // specific EOI (with rotation)
                isr &= ~(1 << level);
                if ((v & OCW2_R) != 0) lowestPriority = level;
            }
            case OCW2_R | OCW2_SL -> lowestPriority = level; // set priority
            case OCW2_R -> rotateOnAutoEoi = true;
            case 0 -> rotateOnAutoEoi = false;
            default -> { } // SL alone: no operation
        }
    }

    void writeData(int v) {
        switch (initStep) {
            case 2 -> {
                vectorBase = v & 0xf8;
                initStep = single ? (icw4Expected ? 4 : 0) : 3;
            }
            case 3 -> initStep = icw4Expected ? 4 : 0; // ICW3: cascade wiring, fixed in this machine
            case 4 -> {
                autoEoi = (v & ICW4_AEOI) != 0;
                initStep = 0;
            }
            default -> imr = v & 0xff; // OCW1
        }
    }

    /** A command-port read: the poll word if OCW3 asked for one, else IRR or ISR as OCW3 selected. */
    int readCommand(Runnable acknowledgeForPoll) {
        if (poll) {
            poll = false;
            int irq = pending();
            if (irq < 0) return 0;
            acknowledgeForPoll.run();
            return 0x80 | irq;
        }
        return readIsr ? isr : irr;
    }
}

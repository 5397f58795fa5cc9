package io.jhyve.devices.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.BusDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class I8259PairTest {
    private int wakeups;
    private final I8259Pair pic = new I8259Pair(() -> wakeups++);
    private final BusDevice master = pic.chip(true), slave = pic.chip(false);

    /** The sequence Linux's init_8259A() writes: ICW1 edge+ICW4, vectors 0x30/0x38, cascade on IR2, 8086 mode. */
    @BeforeEach
    void initLikeLinux() {
        master.write(0, 1, 0x11);
        master.write(1, 1, 0x30);
        master.write(1, 1, 0x04);
        master.write(1, 1, 0x01);
        slave.write(0, 1, 0x11);
        slave.write(1, 1, 0x38);
        slave.write(1, 1, 0x02);
        slave.write(1, 1, 0x01);
        master.write(1, 1, 0x00); // OCW1: unmask all
        slave.write(1, 1, 0x00);
    }

    private void pulse(int irq) {
        pic.setIrq(irq, true);
        pic.setIrq(irq, false);
    }

    @Test
    void nestedPriorityAndNonSpecificEoi() {
        pulse(4);
        assertTrue(pic.hasInterrupt());
        assertEquals(0x34, pic.acknowledge());
        pulse(5);
        assertFalse(pic.hasInterrupt()); // IR5 waits for IR4's EOI
        pulse(3);
        assertEquals(0x33, pic.acknowledge()); // IR3 outranks the IR4 in service
        master.write(0, 1, 0x20);             // EOI ends IR3
        assertFalse(pic.hasInterrupt());
        master.write(0, 1, 0x20);             // EOI ends IR4
        assertEquals(0x35, pic.acknowledge());
    }

    @Test
    void slaveInterruptsCascadeThroughIr2() {
        pulse(12);
        assertEquals(0x3c, pic.acknowledge());
        master.write(0, 1, 0x0b); // OCW3: read ISR
        slave.write(0, 1, 0x0b);
        assertEquals(1 << 2, master.read(0, 1));
        assertEquals(1 << 4, slave.read(0, 1));
    }

    @Test
    void maskingAndWakeups() {
        master.write(1, 1, 0x10); // mask IR4
        int before = wakeups;
        pulse(4);
        assertFalse(pic.hasInterrupt());
        assertEquals(before, wakeups);
        master.write(1, 1, 0x00); // unmask: the latched request now signals
        assertTrue(pic.hasInterrupt());
        assertEquals(before + 1, wakeups);
        assertEquals(0x00, master.read(1, 1));
    }

    @Test
    void edgeInputsFireOncePerRisingEdge() {
        pic.setIrq(1, true);
        assertEquals(0x31, pic.acknowledge());
        master.write(0, 1, 0x20);
        assertFalse(pic.hasInterrupt()); // still high, no new edge
        pic.setIrq(1, false);
        pic.setIrq(1, true);
        assertEquals(0x31, pic.acknowledge());
    }

    @Test
    void levelInputsFollowTheLineAfterEoi() {
        pic.elcr().write(1, 1, 0x04); // IRQ 10 level-triggered
        assertEquals(0x04, pic.elcr().read(1, 1));
        pic.setIrq(10, true);
        assertEquals(0x3a, pic.acknowledge());
        slave.write(0, 1, 0x20);
        master.write(0, 1, 0x20);
        assertTrue(pic.hasInterrupt()); // the line is still high
        pic.setIrq(10, false);
        assertFalse(pic.hasInterrupt());
    }

    @Test
    void elcrKeepsTheAlwaysEdgeLinesEdge() {
        pic.elcr().write(0, 1, 0xff);
        pic.elcr().write(1, 1, 0xff);
        assertEquals(0xf8, pic.elcr().read(0, 1));
        assertEquals(0xde, pic.elcr().read(1, 1));
    }

    @Test
    void irrReadAndPollMode() {
        master.write(1, 1, 0xff); // masked requests still show in IRR
        pulse(6);
        master.write(0, 1, 0x0a); // OCW3: read IRR
        assertEquals(1 << 6, master.read(0, 1));
        master.write(1, 1, 0x00);
        master.write(0, 1, 0x0c); // OCW3: poll
        assertEquals(0x86, master.read(0, 1));
        assertFalse(pic.hasInterrupt()); // the poll acknowledged it
    }

    @Test
    void autoEoiLeavesNothingInService() {
        master.write(0, 1, 0x11);
        master.write(1, 1, 0x30);
        master.write(1, 1, 0x04);
        master.write(1, 1, 0x03); // ICW4: 8086, AEOI
        pulse(4);
        assertEquals(0x34, pic.acknowledge());
        pulse(5);
        assertEquals(0x35, pic.acknowledge());
    }

    @Test
    void specificRotationMakesTheLevelLowestPriority() {
        master.write(0, 1, 0xc3); // set priority: IR3 lowest, so IR4 highest
        pulse(3);
        pulse(4);
        assertEquals(0x34, pic.acknowledge());
        assertEquals(-1, new I8259Pair(() -> { }).acknowledge());
    }

    @Test
    void outOfRangeLinesAreIgnored() {
        pic.setIrq(16, true);
        pic.setIrq(-1, true);
        assertFalse(pic.hasInterrupt());
    }
}

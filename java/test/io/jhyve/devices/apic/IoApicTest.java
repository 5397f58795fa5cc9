package io.jhyve.devices.apic;

import static io.jhyve.devices.apic.IoApic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jhyve.testkit.ManualTimers;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The IOAPIC driven through IOREGSEL/IOWIN (82093AA datasheet §3), delivering to real local APICs. */
class IoApicTest {
    private final ManualTimers timers = new ManualTimers();
    private final LocalApic.ExternalInterrupts noPic = new LocalApic.ExternalInterrupts() {
        @Override public boolean pending() { return false; }

        @Override public int acknowledge() { return -1; }
    };
    private final LocalApic cpu0 = new LocalApic(0, true, noPic, timers::now, timers);
    private final LocalApic cpu1 = new LocalApic(1, false, noPic, timers::now, timers);
    private final ApicBus bus = new ApicBus(List.of(cpu0, cpu1));
    private final IoApic ioapic = new IoApic(0, bus);

    IoApicTest() {
        cpu0.writeRegister(LocalApic.APIC_SVR, LocalApic.SVR_ENABLE | 0xff);
        cpu1.writeRegister(LocalApic.APIC_SVR, LocalApic.SVR_ENABLE | 0xff);
    }

    private long reg(int index) {
        ioapic.write(IOREGSEL, 4, index);
        return ioapic.read(IOWIN, 4);
    }

    private void setReg(int index, long value) {
        ioapic.write(IOREGSEL, 4, index);
        ioapic.write(IOWIN, 4, value);
    }

    private void route(int pin, long low, int destination) {
        setReg(IOREDTBL + 2 * pin + 1, (long) destination << 24);
        setReg(IOREDTBL + 2 * pin, low);
    }

    @Test
    void identificationRegisters() {
        assertEquals(0x00170011, reg(IOAPICVER), "version 0x11, 24 entries");
        setReg(IOAPICID, 0x0500_0000);
        assertEquals(0x0500_0000, reg(IOAPICID));
        assertEquals(RTE_MASKED, reg(IOREDTBL + 6), "entries reset masked");
        ioapic.write(IOREGSEL, 4, 0x3f);
        assertEquals(0, ioapic.read(IOWIN, 4), "no entry 23+ exists");
    }

    @Test
    void maskedPinsSendNothingAndEdgePinsSendOncePerRisingEdge() {
        ioapic.setIrq(4, true);
        ioapic.setIrq(4, false);
        assertFalse(cpu0.hasInterrupt());
        route(4, 0x34, 0);
        ioapic.setIrq(4, true);
        ioapic.setIrq(4, true);
        assertEquals(0x34, cpu0.acknowledge());
        cpu0.writeRegister(LocalApic.APIC_EOI, 0);
        assertFalse(cpu0.hasInterrupt(), "a held edge-triggered line does not send again");
        assertFalse(cpu1.hasInterrupt());
    }

    @Test
    void levelPinsSetRemoteIrrUntilTheEoiAndResendWhileAsserted() {
        route(9, 0x39 | RTE_LEVEL, 1);
        ioapic.setIrq(9, true);
        assertEquals(RTE_REMOTE_IRR, reg(IOREDTBL + 18) & RTE_REMOTE_IRR);
        assertEquals(0x39, cpu1.acknowledge());
        cpu1.writeRegister(LocalApic.APIC_EOI, 0); // still asserted: sent again
        assertEquals(0x39, cpu1.acknowledge());
        ioapic.setIrq(9, false);
        cpu1.writeRegister(LocalApic.APIC_EOI, 0);
        assertEquals(0, reg(IOREDTBL + 18) & RTE_REMOTE_IRR);
        assertFalse(cpu1.hasInterrupt());
    }

    @Test
    void unmaskingAnAssertedLevelPinDelivers() {
        route(10, 0x3a | RTE_LEVEL | RTE_MASKED, 0);
        ioapic.setIrq(10, true);
        assertFalse(cpu0.hasInterrupt());
        setReg(IOREDTBL + 20, 0x3a | RTE_LEVEL);
        assertEquals(0x3a, cpu0.acknowledge());
    }

    @Test
    void readOnlyBitsIgnoreWritesAndLogicalDestinationsRoute() {
        setReg(IOREDTBL, 0xffff_ffffL);
        assertEquals(0x1afff, reg(IOREDTBL), "delivery status and remote IRR are read-only");
        cpu1.writeRegister(LocalApic.APIC_LDR, 0x02 << 24);
        route(5, 0x35 | 1 << 11, 0x02);
        ioapic.setIrq(5, true);
        assertEquals(0x35, cpu1.acknowledge());
        assertFalse(cpu0.hasInterrupt());
    }

    @Test
    void pinsOutOfRangeAreIgnored() {
        ioapic.setIrq(24, true);
        ioapic.setIrq(-1, true);
        assertFalse(cpu0.hasInterrupt());
    }
}

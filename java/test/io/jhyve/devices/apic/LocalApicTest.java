package io.jhyve.devices.apic;

import static io.jhyve.devices.apic.LocalApic.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local APIC driven through its register page, as a guest drives it (SDM Vol. 3 ch. 11). */
class LocalApicTest {
    /** An 8259 pair with one request (vector 0x30) outstanding until acknowledged. */
    private final class FakePic implements ExternalInterrupts {
        boolean request;

        @Override public boolean pending() { return request; }

        @Override public int acknowledge() {
            request = false;
            return 0x30;
        }
    }

    private final ManualTimers timers = new ManualTimers();
    private final FakePic pic = new FakePic();
    private final LocalApic bsp = new LocalApic(0, true, pic, timers::now, timers);
    private final LocalApic ap = new LocalApic(1, false, pic, timers::now, timers);
    private final ApicBus bus = new ApicBus(List.of(bsp, ap));
    private final List<Integer> eois = new ArrayList<>();

    LocalApicTest() {
        bus.onLevelEoi(eois::add);
    }

    private void enable(LocalApic apic) {
        apic.writeRegister(APIC_SVR, SVR_ENABLE | 0xff);
    }

    @Test
    void resetValuesAsTheSdmGivesThem() {
        assertEquals(0, bsp.readRegister(APIC_ID));
        assertEquals(1 << 24, ap.readRegister(APIC_ID));
        assertEquals(0x00060014, bsp.readRegister(APIC_VERSION));
        assertEquals(0xffffffff, bsp.readRegister(APIC_DFR));
        assertEquals(0xff, bsp.readRegister(APIC_SVR));
        assertEquals(LVT_MASKED, bsp.readRegister(APIC_LVT_TIMER));
        assertEquals(7 << 8, bsp.readRegister(APIC_LVT_LINT0), "the BSP's LINT0 is ExtINT, unmasked (virtual wire)");
        assertEquals(LVT_MASKED, ap.readRegister(APIC_LVT_LINT0));
    }

    @Test
    void extIntPassesThe8259sVectorThroughLint0() {
        pic.request = true;
        assertTrue(bsp.hasInterrupt());
        assertFalse(ap.hasInterrupt(), "an AP's LINT0 is masked");
        assertEquals(0x30, bsp.acknowledge());
        assertEquals(0, bsp.readRegister(APIC_ISR + 0x10), "ExtINT is in service at the 8259, not in the APIC's ISR");
        bsp.writeRegister(APIC_LVT_LINT0, LVT_MASKED | 7 << 8);
        pic.request = true;
        assertFalse(bsp.hasInterrupt());
    }

    @Test
    void fixedInterruptsWaitInIrrAndAreTakenByPriorityClass() {
        enable(bsp);
        bsp.accept(0x41, false);
        bsp.accept(0x52, false);
        assertEquals(1 << 1 | 1 << 18, bsp.readRegister(APIC_IRR + 0x20));
        assertEquals(0x52, bsp.acknowledge());
        assertEquals(0x50, bsp.readRegister(APIC_PPR), "PPR follows the in-service class");
        assertFalse(bsp.hasInterrupt(), "0x41 is below the in-service class 0x50");
        bsp.writeRegister(APIC_EOI, 0);
        assertEquals(0, bsp.readRegister(APIC_PPR));
        assertEquals(0x41, bsp.acknowledge());
    }

    @Test
    void tprHoldsBackLowerClasses() {
        enable(bsp);
        bsp.writeRegister(APIC_TPR, 0x60);
        bsp.accept(0x55, false);
        assertFalse(bsp.hasInterrupt());
        bsp.writeRegister(APIC_TPR, 0x40);
        assertEquals(0x55, bsp.acknowledge());
    }

    @Test
    void levelTriggeredEoiIsBroadcastWithItsVector() {
        enable(bsp);
        bsp.accept(0x61, true);
        assertEquals(1 << 1, bsp.readRegister(APIC_TMR + 0x30));
        assertEquals(0x61, bsp.acknowledge());
        bsp.writeRegister(APIC_EOI, 0);
        bsp.accept(0x62, false);
        bsp.acknowledge();
        bsp.writeRegister(APIC_EOI, 0);
        assertEquals(List.of(0x61), eois, "only the level-triggered EOI reaches the IOAPIC");
    }

    @Test
    void illegalVectorsSetTheErrorStatusWhenLatched() {
        bsp.accept(3, false);
        assertEquals(0, bsp.readRegister(APIC_ESR), "errors show after an ESR write");
        bsp.writeRegister(APIC_ESR, 0);
        assertEquals(ESR_RECEIVE_ILLEGAL_VECTOR, bsp.readRegister(APIC_ESR));
    }

    @Test
    void softwareDisabledApicKeepsLvtMasked() {
        bsp.writeRegister(APIC_LVT_TIMER, 0x40);
        assertEquals(LVT_MASKED | 0x40, bsp.readRegister(APIC_LVT_TIMER));
        enable(bsp);
        bsp.writeRegister(APIC_LVT_TIMER, 0x40);
        assertEquals(0x40, bsp.readRegister(APIC_LVT_TIMER));
    }

    @Test
    void fixedIpiByPhysicalIdAndByShorthand() {
        enable(bsp);
        enable(ap);
        bsp.writeRegister(APIC_ICR_HIGH, 1 << 24);
        bsp.writeRegister(APIC_ICR_LOW, 0x45);
        assertEquals(0x45, ap.acknowledge());
        ap.writeRegister(APIC_EOI, 0);
        assertFalse(bsp.hasInterrupt());
        bsp.writeRegister(APIC_ICR_LOW, 0x46 | InterruptMessage.SELF << 18);
        assertEquals(0x46, bsp.acknowledge());
        bsp.writeRegister(APIC_EOI, 0);
        ap.writeRegister(APIC_ICR_LOW, 0x47 | InterruptMessage.ALL_INCLUDING_SELF << 18);
        assertEquals(0x47, ap.acknowledge());
        assertEquals(0, bsp.readRegister(APIC_ICR_LOW) & 1 << 12, "delivery status reads idle");
    }

    @Test
    void logicalDestinationsFlatAndCluster() {
        ap.writeRegister(APIC_LDR, 0x02 << 24);
        assertTrue(ap.matchesDestination(0x03, true));
        assertFalse(ap.matchesDestination(0x01, true));
        ap.writeRegister(APIC_DFR, 0x0fffffff); // cluster model
        ap.writeRegister(APIC_LDR, 0x21 << 24);
        assertTrue(ap.matchesDestination(0x23, true));
        assertFalse(ap.matchesDestination(0x13, true), "another cluster");
        assertTrue(ap.matchesDestination(0xff, false), "physical broadcast");
    }

    @Test
    void initThenStartupStartsAnApOnceAtTheVectorsPage() {
        assertTrue(ap.awaitingStartup());
        bsp.writeRegister(APIC_ICR_HIGH, 1 << 24);
        bsp.writeRegister(APIC_ICR_LOW, InterruptMessage.INIT << 8 | ICR_LEVEL_ASSERT);
        assertEquals(-1, ap.takeStartupVector());
        bsp.writeRegister(APIC_ICR_LOW, InterruptMessage.STARTUP << 8 | 0x10);
        bsp.writeRegister(APIC_ICR_LOW, InterruptMessage.STARTUP << 8 | 0x11); // the second SIPI is ignored
        assertEquals(0x10, ap.takeStartupVector());
        assertFalse(ap.awaitingStartup());
        assertFalse(bsp.awaitingStartup());
    }

    @Test
    void timerOneShotCountsDownWithTheDivider() {
        enable(bsp);
        bsp.writeRegister(APIC_TIMER_DIVIDE, 0x3); // divide by 16
        bsp.writeRegister(APIC_LVT_TIMER, 0xec);
        bsp.writeRegister(APIC_TIMER_INITIAL, 1000);
        timers.advance(8000);
        assertEquals(500, bsp.readRegister(APIC_TIMER_CURRENT));
        assertFalse(bsp.hasInterrupt());
        timers.advance(8000);
        assertEquals(0xec, bsp.acknowledge());
        assertEquals(0, bsp.readRegister(APIC_TIMER_CURRENT));
        bsp.writeRegister(APIC_EOI, 0);
        timers.advance(100_000);
        assertFalse(bsp.hasInterrupt(), "one-shot fires once");
    }

    @Test
    void timerPeriodicReloads() {
        enable(bsp);
        bsp.writeRegister(APIC_TIMER_DIVIDE, 0xb); // divide by 1
        bsp.writeRegister(APIC_LVT_TIMER, 1 << 17 | 0xef);
        bsp.writeRegister(APIC_TIMER_INITIAL, 1_000_000); // 1 ms at the 1 GHz bus clock
        int ticks = 0;
        for (int i = 0; i < 5; i++) {
            timers.advance(1_000_000);
            if (bsp.acknowledge() == 0xef) ticks++;
            bsp.writeRegister(APIC_EOI, 0);
        }
        assertEquals(5, ticks);
        bsp.writeRegister(APIC_TIMER_INITIAL, 0);
        timers.advance(5_000_000);
        assertFalse(bsp.hasInterrupt(), "an initial count of 0 stops the timer");
    }

    @Test
    void dividerEncoding() {
        assertEquals(2, ApicTimer.divisor(0x0));
        assertEquals(16, ApicTimer.divisor(0x3));
        assertEquals(32, ApicTimer.divisor(0x8));
        assertEquals(128, ApicTimer.divisor(0xa));
        assertEquals(1, ApicTimer.divisor(0xb));
    }
}

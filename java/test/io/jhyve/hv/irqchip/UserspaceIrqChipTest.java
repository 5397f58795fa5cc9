package io.jhyve.hv.irqchip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.devices.BusDevice;
import io.jhyve.devices.apic.LocalApic;
import io.jhyve.devices.legacy.TimerQueue;
import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chip as a vCPU thread sees it: PIT ticks through the 8259s (and LINT0), the APIC page, STARTUP. */
/* A vCPU that halts for good would hang the build: a test that waits this long fails instead. */
@org.junit.jupiter.api.Timeout(60)
class UserspaceIrqChipTest {
    private final UserspaceIrqChip chip = new UserspaceIrqChip(2, TimerQueue.threaded("test-timers"));

    /** Records the injections of an always-open window. */
    private static final class OpenWindow implements VcpuInterrupts.EntryWindow {
        final List<Integer> injected = new ArrayList<>();

        @Override public boolean open() { return true; }

        @Override public void inject(int vector) { injected.add(vector); }

        @Override public void requestWindow(boolean on) { }

        @Override public boolean nmiOpen() { return true; }

        @Override public void injectNmi() { injected.add(2); }
    }

    private BusDevice port(int index) {
        return chip.portDevices().get(index).device();
    }

    /** Linux's init_8259A(): vectors 0x30-0x3f, all unmasked; then the PIT one-shot for {@code clocks}. */
    private void picsAndPit(int clocks) {
        for (int[] w : new int[][] {{0, 0x11}, {1, 0x30}, {1, 0x04}, {1, 0x01}, {1, 0x00}}) port(0).write(w[0], 1, w[1]);
        for (int[] w : new int[][] {{0, 0x11}, {1, 0x38}, {1, 0x02}, {1, 0x01}, {1, 0x00}}) port(1).write(w[0], 1, w[1]);
        port(3).write(3, 1, 0x30);
        port(3).write(0, 1, clocks & 0xff);
        port(3).write(0, 1, clocks >> 8);
    }

    @Test
    void aPitTickWakesTheHaltedBootCpuThroughLint0AndIsInjected() {
        VcpuInterrupts bsp = chip.attachVcpu(0, () -> { });
        picsAndPit(1193); // 1 ms
        assertFalse(bsp.halt(true), "woken by the tick, not a kick");
        OpenWindow w = new OpenWindow();
        bsp.beforeEntry(w);
        assertEquals(List.of(0x30), w.injected);
    }

    @Test
    void aGuestLoopOfHaltInjectEoiSeesThePeriodicPitAtItsRate() {
        for (UserspaceIrqChip c : List.of(chip, UserspaceIrqChip.legacyOnly(TimerQueue.threaded("legacy")))) {
            VcpuInterrupts bsp = c.attachVcpu(0, () -> { });
            BusDevice master = c.portDevices().get(0).device(), slave = c.portDevices().get(1).device();
            BusDevice pit = c.portDevices().get(3).device();
            for (int[] w : new int[][] {{0, 0x11}, {1, 0x30}, {1, 0x04}, {1, 0x01}, {1, 0x00}}) master.write(w[0], 1, w[1]);
            for (int[] w : new int[][] {{0, 0x11}, {1, 0x38}, {1, 0x02}, {1, 0x01}, {1, 0x00}}) slave.write(w[0], 1, w[1]);
            pit.write(3, 1, 0x34);
            pit.write(0, 1, 11932 & 0xff); // 100 Hz
            pit.write(0, 1, 11932 >> 8);
            OpenWindow w = new OpenWindow();
            long end = System.nanoTime() + 500_000_000L;
            while (System.nanoTime() < end) {
                bsp.halt(true);
                bsp.beforeEntry(w);
                master.write(0, 1, 0x20); // the handler's EOI
            }
            assertTrue(w.injected.size() >= 45 && w.injected.size() <= 52, w.injected.size() + " ticks in 0.5 s");
        }
    }

    @Test
    void theApicPageReachesTheCallingThreadsApic() throws Exception {
        chip.attachVcpu(0, () -> { });
        BusDevice page = chip.mmioDevices().get(0).device();
        assertEquals(0, page.read(LocalApic.APIC_ID, 4));
        long[] apId = new long[1];
        Thread ap = new Thread(() -> {
            chip.attachVcpu(1, () -> { });
            apId[0] = page.read(LocalApic.APIC_ID, 4);
        });
        ap.start();
        ap.join();
        assertEquals(1L << 24, apId[0]);
    }

    @Test
    void anApWaitsForItsStartupVector() throws Exception {
        chip.attachVcpu(0, () -> { });
        BusDevice page = chip.mmioDevices().get(0).device();
        int[] vector = new int[1];
        Thread ap = new Thread(() -> {
            VcpuInterrupts v = chip.attachVcpu(1, () -> { });
            assertTrue(v.awaitingStartup());
            vector[0] = v.awaitStartup();
        });
        ap.start();
        Thread.sleep(50);
        page.write(LocalApic.APIC_ICR_HIGH, 4, 1L << 24);
        page.write(LocalApic.APIC_ICR_LOW, 4, 5 << 8 | LocalApic.ICR_LEVEL_ASSERT); // INIT
        page.write(LocalApic.APIC_ICR_LOW, 4, 6 << 8 | 0x10); // STARTUP
        ap.join(5000);
        assertEquals(0x10, vector[0]);
    }

    /** An NMI IPI (delivery mode 4, Linux's NMI backtrace) wakes a halted AP with IF clear and is injected. */
    @Test
    void anNmiIpiWakesTheTargetEvenWithInterruptsOffAndIsInjected() throws Exception {
        chip.attachVcpu(0, () -> { });
        BusDevice page = chip.mmioDevices().get(0).device();
        OpenWindow w = new OpenWindow();
        boolean[] kicked = new boolean[1];
        Thread ap = new Thread(() -> {
            VcpuInterrupts v = chip.attachVcpu(1, () -> { });
            kicked[0] = v.halt(false);
            v.beforeEntry(w);
        });
        ap.start();
        Thread.sleep(50);
        page.write(LocalApic.APIC_ICR_HIGH, 4, 1L << 24);
        page.write(LocalApic.APIC_ICR_LOW, 4, 4 << 8); // NMI to APIC 1
        ap.join(5000);
        assertFalse(kicked[0], "woken by the NMI, not a kick");
        assertEquals(List.of(2), w.injected);
    }

    @Test
    void cpuidKeepsTheApicButNotX2apicOrTscDeadline() {
        CpuidEntry leaf1 = new CpuidEntry(1, 0, false, 0, 0, 1 << 21 | 1 << 24 | 1, 1 << 9 | 1);
        CpuidEntry withApics = chip.trimCpuid(List.of(leaf1)).get(0);
        assertEquals(1, withApics.ecx());
        assertEquals(1 << 9 | 1, withApics.edx());
        CpuidEntry legacy = UserspaceIrqChip.legacyOnly(TimerQueue.threaded("t")).trimCpuid(List.of(leaf1)).get(0);
        assertEquals(1, legacy.edx(), "no APIC bit without APIC models");
    }
}

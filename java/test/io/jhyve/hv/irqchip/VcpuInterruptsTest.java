package io.jhyve.hv.irqchip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/* A vCPU that halts for good would hang the build: a test that waits this long fails instead. */
@org.junit.jupiter.api.Timeout(60)
class VcpuInterruptsTest {
    /** A controller holding a queue of vectors, as a PIC with several requests would. */
    private static final class FakeSource implements InterruptSource {
        final List<Integer> vectors = new ArrayList<>();
        boolean nmi;

        @Override public synchronized boolean nmiPending() { return nmi; }

        @Override public synchronized boolean takeNmi() {
            boolean had = nmi;
            nmi = false;
            return had;
        }

        @Override public synchronized boolean hasInterrupt() { return !vectors.isEmpty(); }

        @Override public synchronized int acknowledge() { return vectors.isEmpty() ? -1 : vectors.remove(0); }

        synchronized void raise(int vector) { vectors.add(vector); }
    }

    /** Records what the backend was asked to do. */
    private static final class FakeWindow implements VcpuInterrupts.EntryWindow {
        boolean open;
        boolean nmiOpen;

        @Override public boolean nmiOpen() { return nmiOpen; }

        @Override public void injectNmi() { calls.add("nmi"); }

        final List<String> calls = new ArrayList<>();

        @Override public boolean open() { return open; }

        @Override public void inject(int vector) { calls.add("inject " + vector); }

        @Override public void requestWindow(boolean on) { calls.add("window " + (on ? "on" : "off")); }
    }

    private final FakeSource source = new FakeSource();
    private final AtomicInteger exitsForced = new AtomicInteger();
    private final VcpuInterrupts vcpu = new VcpuInterrupts(source, exitsForced::incrementAndGet);
    private final FakeWindow window = new FakeWindow();

    @Test
    void nothingPendingTouchesNothing() {
        vcpu.beforeEntry(window);
        assertEquals(List.of(), window.calls);
    }

    @Test
    void aClosedWindowAsksForAWindowOnceAndAcknowledgesNothing() {
        source.raise(0x30);
        vcpu.beforeEntry(window);
        vcpu.beforeEntry(window);
        assertEquals(List.of("window on"), window.calls);
        assertTrue(source.hasInterrupt(), "not acknowledged while the guest cannot take it");
    }

    @Test
    void anOpenWindowInjectsAndTurnsTheWindowRequestOff() {
        source.raise(0x30);
        vcpu.beforeEntry(window);
        window.open = true;
        vcpu.beforeEntry(window);
        assertEquals(List.of("window on", "inject 48", "window off"), window.calls);
        assertFalse(source.hasInterrupt());
    }

    @Test
    void aSecondRequestAfterAnInjectionWaitsForTheNextWindow() {
        source.raise(0x30);
        source.raise(0x31);
        window.open = true;
        vcpu.beforeEntry(window);
        assertEquals(List.of("inject 48", "window on"), window.calls);
    }

    @Test
    void aRequestThatWentAwayBeforeTheWindowWithdrawsTheWindowRequest() {
        source.raise(0x30);
        vcpu.beforeEntry(window);
        source.acknowledge();
        vcpu.beforeEntry(window);
        assertEquals(List.of("window on", "window off"), window.calls);
    }

    @Test
    void haltWithInterruptsEnabledReturnsWhenAnInterruptIsRaisedAndWoken() throws Exception {
        Thread raiser = new Thread(() -> {
            sleep(100);
            source.raise(0x30);
            vcpu.wake();
        });
        long start = System.nanoTime();
        raiser.start();
        assertFalse(vcpu.halt(true), "woken by an interrupt, not a kick");
        raiser.join();
        assertTrue(System.nanoTime() - start >= 100_000_000L);
        assertEquals(0, exitsForced.get(), "a halted vCPU is unparked, not signalled");
    }

    @Test
    void aWakeForcesARunningVcpuOut() {
        vcpu.wake();
        assertEquals(1, exitsForced.get());
    }

    @Test
    void haltWithAnInterruptAlreadyPendingDoesNotWait() {
        source.raise(0x30);
        assertFalse(vcpu.halt(true));
    }

    @Test
    void haltWithInterruptsDisabledIgnoresInterruptsAndEndsOnAKick() throws Exception {
        source.raise(0x30);
        Thread kicker = new Thread(() -> {
            sleep(100);
            vcpu.wake(); // an interrupt the halted CPU cannot take
            sleep(50);
            vcpu.kick();
        });
        long start = System.nanoTime();
        kicker.start();
        assertTrue(vcpu.halt(false));
        kicker.join();
        assertTrue(System.nanoTime() - start >= 150_000_000L);
        assertFalse(vcpu.takeKick(), "the halt consumed the kick");
    }

    @Test
    void aKickIsTakenOnce() {
        vcpu.kick();
        assertTrue(vcpu.takeKick());
        assertFalse(vcpu.takeKick());
        assertEquals(1, exitsForced.get());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event per entry, the NMI first (SDM Vol. 3 §6.9); the interrupt waits for the next window. */
    @Test
    void anNmiGoesBeforeAPendingInterrupt() {
        source.raise(0x30);
        source.nmi = true;
        window.open = true;
        window.nmiOpen = true;
        vcpu.beforeEntry(window);
        assertEquals(List.of("nmi", "window on"), window.calls);
        vcpu.beforeEntry(window);
        assertEquals(List.of("nmi", "window on", "inject 48", "window off"), window.calls);
    }

    @Test
    void aBlockedNmiWaitsAndAsksForTheWindow() {
        source.nmi = true;
        vcpu.beforeEntry(window);
        assertEquals(List.of("window on"), window.calls);
        assertTrue(source.nmiPending(), "still pending");
        window.nmiOpen = true;
        vcpu.beforeEntry(window);
        assertEquals(List.of("window on", "nmi", "window off"), window.calls);
    }

    @Test
    void anNmiEndsAHaltWithInterruptsDisabled() {
        source.nmi = true;
        assertFalse(vcpu.halt(false), "the NMI wakes it; no kick");
    }
}

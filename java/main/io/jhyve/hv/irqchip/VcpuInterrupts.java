package io.jhyve.hv.irqchip;

import io.jhyve.arch.x86.BootCpuState;
import io.jhyve.hv.Vcpu;
import java.util.concurrent.locks.LockSupport;

/**
 * The interrupt side of one vCPU whose interrupt controller is in user space, the same on KVM and
 * HVF: what to inject before an entry, how HLT waits, and how a new interrupt or a kick wakes the
 * vCPU. The backend supplies the hypervisor-specific half through {@link EntryWindow} and a
 * {@code forceExit} action that makes a running guest exit soon.
 *
 * <p>Injection (SDM Vol. 3 §6.8.1, §26.3.1.5 and §26.6): an external interrupt may be delivered only
 * when RFLAGS.IF is set, no STI or MOV SS blocking is in effect and no other event is already queued
 * for the entry. Then the controller is acknowledged (only then: an acknowledged interrupt that could
 * not be delivered would be lost) and the vector injected; otherwise the backend is asked for an
 * interrupt-window exit, which ends the guest's run as soon as it can take the interrupt.
 *
 * <p>NMIs (an NMI IPI, SDM Vol. 3 §11.6.1) go first: one event per entry, and the NMI has the higher
 * priority (§6.9). The backend says whether the guest can take one now (no blocking by STI, MOV SS
 * or an NMI in progress); if not, the NMI waits and the vCPU asks for the interrupt window, the
 * exit that ends STI and MOV SS blocking, and tries again at every later entry.
 *
 * <p>HLT: the processor stays halted until an interrupt it can take or an NMI arrives; with
 * RFLAGS.IF clear only an NMI (or INIT or SMI, which jhyve does not send that way) wakes it
 * (SDM Vol. 2 "HLT"), so it otherwise waits for a kick, i.e. for the machine to stop.
 */
public final class VcpuInterrupts {
    /** The backend's view of the next VM entry. Called only on the vCPU's thread. */
    public interface EntryWindow {
        /** Whether the guest can take an external interrupt at the next entry. */
        boolean open();

        /** Delivers external interrupt {@code vector} at the next entry. */
        void inject(int vector);

        /** Turns the interrupt-window exit on or off. */
        void requestWindow(boolean on);

        /** Whether the guest can take an NMI at the next entry. */
        boolean nmiOpen();

        /** Delivers an NMI (vector 2) at the next entry. */
        void injectNmi();
    }

    private final InterruptSource source;
    private final Runnable forceExit;
    private volatile boolean kicked;
    /** The vCPU thread while it waits in {@link #halt}: a wake-up then unparks it instead of forcing an exit. */
    private volatile Thread halted;
    private boolean windowRequested;

    /**
     * @param source    the controller this vCPU's INTR pin is wired to
     * @param forceExit makes the vCPU leave the guest soon, from any thread (a signal on KVM,
     *                  {@code hv_vcpu_interrupt} on HVF); must be harmless when it is not in the guest
     */
    public VcpuInterrupts(InterruptSource source, Runnable forceExit) {
        this.source = source;
        this.forceExit = forceExit;
    }

    /** Before every entry: injects the pending interrupt if the guest can take it, else asks for a window. */
    public void beforeEntry(EntryWindow entry) {
        if (source.nmiPending()) {
            if (entry.nmiOpen() && source.takeNmi()) {
                entry.injectNmi();
                window(entry, source.hasInterrupt() || source.nmiPending());
            } else {
                window(entry, true);
            }
            return;
        }
        if (source.hasInterrupt()) {
            if (!entry.open()) {
                window(entry, true);
                return;
            }
            int vector = source.acknowledge();
            if (vector >= 0) entry.inject(vector);
        }
        // After an injection the guest runs its handler with IF clear; a further request (one of higher
        // priority) needs the next window.
        window(entry, source.hasInterrupt());
    }

    private void window(EntryWindow entry, boolean on) {
        if (on != windowRequested) {
            windowRequested = on;
            entry.requestWindow(on);
        }
    }

    /**
     * The guest executed HLT with RFLAGS.IF as given: blocks until it has an interrupt to take or a
     * kick arrives. Returns true when a kick ended the wait (the kick is then consumed).
     */
    public boolean halt(boolean interruptsEnabled) {
        // Park/unpark keeps a permit, so a wake-up between the check and the park is not lost; no lock
        // is held while the controller is asked, so the controllers may wake vCPUs under their own locks.
        halted = Thread.currentThread();
        try {
            while (!kicked && !source.nmiPending() && !(interruptsEnabled && source.hasInterrupt())) parkOnce();
        } finally {
            halted = null;
        }
        return takeKick();
    }

    /** Whether the vCPU must not run yet: an application processor waiting for its STARTUP (SDM Vol. 3 §9.4). */
    public boolean awaitingStartup() {
        return source.awaitingStartup();
    }

    /**
     * Blocks until a STARTUP message arrives and returns its vector (the processor then starts in
     * real mode at {@code vector << 12}), or until a kick (consumed): -1.
     */
    public int awaitStartup() {
        halted = Thread.currentThread();
        try {
            while (!kicked) {
                int vector = source.takeStartupVector();
                if (vector >= 0) return vector;
                parkOnce();
            }
        } finally {
            halted = null;
        }
        takeKick();
        return -1;
    }

    /**
     * For an application processor: waits for its STARTUP message, then puts {@code vcpu} in the state
     * a STARTUP gives (real mode at the vector's page, SDM Vol. 3 §9.4.4.2), as KVM's in-kernel APIC
     * does with its mp_state; false when a kick came first. Call on the vCPU's own thread.
     */
    public boolean startWhenSignalled(Vcpu vcpu) {
        int vector = awaitStartup();
        if (vector < 0) return false;
        BootCpuState s = BootCpuState.startupIpi(vector);
        vcpu.setSpecialRegisters(s.sregs());
        vcpu.setRegisters(s.regs());
        return true;
    }

    /** Waits for an unpark (a wake-up or a kick); an interrupt of the thread counts as a kick. */
    private void parkOnce() {
        LockSupport.park(this);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            kicked = true;
        }
    }

    /** Whether a kick is pending, clearing it: the backend then returns "interrupted" from its run. */
    public boolean takeKick() {
        boolean k = kicked;
        if (k) kicked = false;
        return k;
    }

    /** Any thread: the VMM wants the vCPU back (the machine is stopping). Ends a halt; the backend exits the guest. */
    public void kick() {
        kicked = true;
        Thread t = halted;
        if (t != null) LockSupport.unpark(t);
        forceExit.run();
    }

    /**
     * Any thread: the controller raised a new request. A halted vCPU re-checks; a running one is made
     * to exit so it injects at its next entry (costly under nested virtualisation, so only then).
     */
    public void wake() {
        Thread t = halted;
        if (t != null) LockSupport.unpark(t);
        else forceExit.run();
    }
}

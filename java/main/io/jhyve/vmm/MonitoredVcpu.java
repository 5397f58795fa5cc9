package io.jhyve.vmm;

import io.jhyve.diag.VcpuSnapshot;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.Registers;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VcpuExit;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Vcpu} seen by the run's diagnostics: with {@code --stats} it times each run (guest) and
 * the gap between runs (VMM); without it the exit path pays for no clock reads. After every exit
 * that is not port or MMIO I/O (the rare ones: a kick at the end, a shutdown, an entry failure) it
 * reads the registers on the vCPU's own thread, so the verdict knows where the guest was however
 * the run ended. Everything else is passed straight through.
 */
final class MonitoredVcpu implements Vcpu {
    /** The vCPU the current thread runs, for logs that want the guest RIP. */
    private static final ThreadLocal<MonitoredVcpu> CURRENT = new ThreadLocal<>();

    private final Vcpu vcpu;
    private final ExitStats stats;
    private final Consumer<VcpuSnapshot> lastState;
    private boolean entered;
    private long returnedAt = -1;

    /** @param stats where to count exits, or null when --stats is off */
    MonitoredVcpu(Vcpu vcpu, ExitStats stats, Consumer<VcpuSnapshot> lastState) {
        this.vcpu = vcpu;
        this.stats = stats;
        this.lastState = lastState;
    }

    /** RIP of the vCPU the calling thread runs, or -1 when it runs none or it cannot be read. */
    static long currentRip() {
        MonitoredVcpu v = CURRENT.get();
        if (v == null) return -1;
        try {
            return v.vcpu.getRegisters().rip();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public VcpuExit run() {
        if (!entered) {
            CURRENT.set(this);
            entered = true;
        }
        VcpuExit exit = stats == null ? vcpu.run() : timedRun();
        if (!(exit instanceof VcpuExit.PortIo) && !(exit instanceof VcpuExit.Mmio)) snapshot();
        return exit;
    }

    private VcpuExit timedRun() {
        long enteredAt = System.nanoTime();
        VcpuExit exit = vcpu.run();
        long exitedAt = System.nanoTime();
        stats.record(exit, exitedAt - enteredAt, returnedAt < 0 ? 0 : enteredAt - returnedAt);
        returnedAt = exitedAt;
        return exit;
    }

    /** Records the registers now as this vCPU's last state; call on the vCPU's own thread. */
    void snapshot() {
        try {
            lastState.accept(new VcpuSnapshot(vcpu.id(), vcpu.getRegisters(), vcpu.getSpecialRegisters()));
        } catch (RuntimeException e) {
            // the state is a diagnostic extra; a vCPU that cannot be read simply has none
        }
    }

    @Override public int id() { return vcpu.id(); }
    @Override public void completeRead(int element, long value) { vcpu.completeRead(element, value); }
    @Override public long ioWriteValue(int element) { return vcpu.ioWriteValue(element); }
    @Override public Registers getRegisters() { return vcpu.getRegisters(); }
    @Override public void setRegisters(Registers regs) { vcpu.setRegisters(regs); }
    @Override public SpecialRegisters getSpecialRegisters() { return vcpu.getSpecialRegisters(); }
    @Override public void setSpecialRegisters(SpecialRegisters sregs) { vcpu.setSpecialRegisters(sregs); }
    @Override public void setCpuid(List<CpuidEntry> entries) { vcpu.setCpuid(entries); }
    @Override public void setMsr(int index, long value) { vcpu.setMsr(index, value); }
    @Override public void kick() { vcpu.kick(); }
    @Override public void close() { vcpu.close(); }
}

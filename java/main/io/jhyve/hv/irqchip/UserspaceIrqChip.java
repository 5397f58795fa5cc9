package io.jhyve.hv.irqchip;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.legacy.I8254Pit;
import io.jhyve.devices.legacy.I8259Pair;
import io.jhyve.devices.legacy.TimerQueue;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.VirtualMachine.PortDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PC's interrupt controllers and timer in Java, for a VM whose hypervisor leaves them to user
 * space (HVF always, KVM with {@code irqchip: "userspace"}): the 8259 pair and the 8254 PIT on
 * IRQ 0. The 8259's INT is wired to the boot processor only, as on a PC whose local APICs are in
 * virtual-wire mode (MP spec §3.6.2.2) or absent; application processors get no PIC interrupts.
 * A new request wakes the vCPUs so they inject it at their next entry. Thread-safe.
 */
public final class UserspaceIrqChip {
    public static final int BOOT_PROCESSOR = 0;

    private final I8259Pair pic = new I8259Pair(this::wakeVcpus);
    private final I8254Pit pit;
    private final List<VcpuInterrupts> vcpus = new CopyOnWriteArrayList<>();

    public UserspaceIrqChip(TimerQueue timers) {
        this.pit = new I8254Pit(new IrqLine() {
            @Override public void set(boolean level) { setIrqLine(0, level); }

            @Override public int gsi() { return 0; }
        }, System::nanoTime, timers);
    }

    /** Drives interrupt line {@code gsi}; lines 0-15 reach the PICs, higher ones nothing yet. */
    public void setIrqLine(int gsi, boolean level) {
        pic.setIrq(gsi, level);
    }

    /** The interrupt state of vCPU {@code id}; {@code forceExit} makes it leave the guest (see {@link VcpuInterrupts}). */
    public VcpuInterrupts attachVcpu(int id, Runnable forceExit) {
        VcpuInterrupts v = new VcpuInterrupts(id == BOOT_PROCESSOR ? picSource() : InterruptSource.NONE, forceExit);
        vcpus.add(v);
        return v;
    }

    public void detachVcpu(VcpuInterrupts v) {
        vcpus.remove(v);
    }

    private InterruptSource picSource() {
        return new InterruptSource() {
            @Override public boolean hasInterrupt() { return pic.hasInterrupt(); }

            @Override public int acknowledge() { return pic.acknowledge(); }
        };
    }

    /** The ports the VMM attaches: both PICs, the ELCR pair, the PIT and port 0x61. */
    public List<PortDevice> portDevices() {
        return List.of(new PortDevice(new AddressRange(I8259Pair.MASTER_PORT, 2), pic.chip(true)),
                new PortDevice(new AddressRange(I8259Pair.SLAVE_PORT, 2), pic.chip(false)),
                new PortDevice(new AddressRange(I8259Pair.ELCR_PORT, 2), pic.elcr()),
                new PortDevice(new AddressRange(I8254Pit.PIT_PORT, I8254Pit.PIT_PORTS), pit.ports()),
                new PortDevice(new AddressRange(I8254Pit.PORT_B, 1), pit.portB()));
    }

    // CPUID.01H feature bits (SDM Vol. 2A, CPUID, Tables 3-10 and 3-11).
    static final int CPUID_1_ECX_X2APIC = 1 << 21, CPUID_1_ECX_TSC_DEADLINE = 1 << 24, CPUID_1_EDX_APIC = 1 << 9;

    /**
     * {@code supported} without what this chip cannot back: no x2APIC (its MSRs) or TSC-deadline
     * timer mode, and, while there is no local APIC model, no APIC at all, so the guest uses the PICs.
     */
    public static List<CpuidEntry> trimCpuid(List<CpuidEntry> supported) {
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) {
            out.add(e.function() != 1 ? e : e.withEcx(e.ecx() & ~(CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE))
                    .withEdx(e.edx() & ~CPUID_1_EDX_APIC));
        }
        return out;
    }

    private void wakeVcpus() {
        for (VcpuInterrupts v : vcpus) v.wake();
    }
}

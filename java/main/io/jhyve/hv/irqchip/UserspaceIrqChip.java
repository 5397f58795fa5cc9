package io.jhyve.hv.irqchip;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.IrqLine;
import io.jhyve.devices.apic.ApicBus;
import io.jhyve.devices.apic.ApicPage;
import io.jhyve.devices.apic.IoApic;
import io.jhyve.devices.apic.LocalApic;
import io.jhyve.devices.legacy.I8254Pit;
import io.jhyve.devices.legacy.I8259Pair;
import io.jhyve.devices.legacy.TimerQueue;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.IrqChip;
import io.jhyve.hv.VirtualMachine.PlatformDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The PC's interrupt controllers and timer in Java, for a VM whose hypervisor leaves them to user
 * space (HVF always, KVM with {@code irqchip: "userspace"}): the 8259 pair, the 8254 PIT on IRQ 0
 * and, unless built {@linkplain #legacyOnly legacy-only}, a local APIC per vCPU and the IOAPIC
 * that the MADT describes ({@code acpi.Madt}).
 *
 * <p>Wiring: line {@code n} drives PIC input {@code n} (0-15) and IOAPIC pin {@code n} (0-23), as
 * KVM's default routing does, so the MADT needs no override for IRQ 0. The 8259's INT reaches the
 * boot processor through LINT0 in ExtINT mode (virtual wire, MP spec §3.6.2.2), or directly when
 * there are no APICs; application processors then get no PIC interrupts. The PIT's ticks are
 * re-delivered when the processor was too slow to take one ({@link I8254Pit#reinjectTicks}).
 * Thread-safe.
 */
public final class UserspaceIrqChip {
    public static final int BOOT_PROCESSOR = 0;
    // CPUID.01H feature bits (SDM Vol. 2A, CPUID, Tables 3-10 and 3-11).
    static final int CPUID_1_ECX_X2APIC = 1 << 21, CPUID_1_ECX_TSC_DEADLINE = 1 << 24, CPUID_1_EDX_APIC = 1 << 9;

    private final I8259Pair pic = new I8259Pair(this::wakeVcpus);
    private final I8254Pit pit;
    private final List<LocalApic> apics = new ArrayList<>();
    private final IoApic ioapic;
    private final ApicPage apicPage = new ApicPage();
    private final List<VcpuInterrupts> vcpus = new CopyOnWriteArrayList<>();

    /** With a local APIC for each of {@code vcpus} processors and an IOAPIC. */
    public UserspaceIrqChip(int vcpus, TimerQueue timers) {
        this(vcpus, timers, true);
    }

    /** Only the 8259 pair and the 8254, for a machine without APICs ({@code IrqChip.USERSPACE_PIC}). */
    public static UserspaceIrqChip legacyOnly(TimerQueue timers) {
        return new UserspaceIrqChip(1, timers, false);
    }

    private UserspaceIrqChip(int vcpus, TimerQueue timers, boolean withApics) {
        this.pit = new I8254Pit(new IrqLine() {
            @Override public void set(boolean level) { setIrqLine(0, level); }

            @Override public int gsi() { return 0; }
        }, System::nanoTime, timers);
        pit.reinjectTicks(() -> pic.masked(0));
        pic.onAcknowledge(irq -> {
            if (irq == 0) pit.irq0Acknowledged();
        });
        if (withApics) {
            LocalApic.ExternalInterrupts viaLint0 = new LocalApic.ExternalInterrupts() {
                @Override public boolean pending() { return pic.hasInterrupt(); }

                @Override public int acknowledge() { return pic.acknowledge(); }
            };
            for (int id = 0; id < vcpus; id++) {
                apics.add(new LocalApic(id, id == BOOT_PROCESSOR, viaLint0, System::nanoTime, timers));
            }
            ApicBus bus = new ApicBus(apics);
            this.ioapic = new IoApic(0, bus);
        } else {
            this.ioapic = null;
        }
    }

    public boolean hasApics() { return ioapic != null; }

    /** Which user-space set this is: with local APICs and the IOAPIC, or the 8259s and 8254 alone. */
    public IrqChip kind() { return hasApics() ? IrqChip.USERSPACE : IrqChip.USERSPACE_PIC; }

    /** Drives interrupt line {@code gsi}: PIC input and IOAPIC pin of that number, where they exist. */
    public void setIrqLine(int gsi, boolean level) {
        pic.setIrq(gsi, level);
        if (ioapic != null) ioapic.setIrq(gsi, level);
    }

    /**
     * The interrupt state of vCPU {@code id}; {@code forceExit} makes it leave the guest (see
     * {@link VcpuInterrupts}). Call on the vCPU's own thread: its local APIC page accesses are bound to it.
     */
    public VcpuInterrupts attachVcpu(int id, Runnable forceExit) {
        VcpuInterrupts v;
        if (ioapic != null && id >= 0 && id < apics.size()) {
            LocalApic apic = apics.get(id);
            v = new VcpuInterrupts(apicSource(apic), forceExit);
            apic.onWake(v::wake);
            apicPage.bindCurrentThread(apic);
        } else {
            v = new VcpuInterrupts(id == BOOT_PROCESSOR && ioapic == null ? picSource() : InterruptSource.NONE, forceExit);
        }
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

    private static InterruptSource apicSource(LocalApic apic) {
        return new InterruptSource() {
            @Override public boolean hasInterrupt() { return apic.hasInterrupt(); }

            @Override public int acknowledge() { return apic.acknowledge(); }

            @Override public boolean nmiPending() { return apic.nmiPending(); }

            @Override public boolean takeNmi() { return apic.takeNmi(); }

            @Override public boolean awaitingStartup() { return apic.awaitingStartup(); }

            @Override public int takeStartupVector() { return apic.takeStartupVector(); }
        };
    }

    /** The ports the VMM attaches: both PICs, the ELCR pair, the PIT and port 0x61. */
    public List<PlatformDevice> portDevices() {
        return List.of(new PlatformDevice(new AddressRange(I8259Pair.MASTER_PORT, 2), pic.chip(true)),
                new PlatformDevice(new AddressRange(I8259Pair.SLAVE_PORT, 2), pic.chip(false)),
                new PlatformDevice(new AddressRange(I8259Pair.ELCR_PORT, 2), pic.elcr()),
                new PlatformDevice(new AddressRange(I8254Pit.PIT_PORT, I8254Pit.PIT_PORTS), pit.ports()),
                new PlatformDevice(new AddressRange(I8254Pit.PORT_B, 1), pit.portB()));
    }

    /** The local APIC page and the IOAPIC's window, when there are APICs. */
    public List<PlatformDevice> mmioDevices() {
        if (ioapic == null) return List.of();
        return List.of(new PlatformDevice(new AddressRange(ApicPage.APIC_BASE, ApicPage.SIZE), apicPage),
                new PlatformDevice(new AddressRange(IoApic.IO_APIC_BASE, IoApic.WINDOW_SIZE), ioapic));
    }

    /**
     * {@code supported} without what this chip cannot back: no x2APIC (its MSRs) or TSC-deadline
     * timer mode, and without APIC models no APIC at all, so the guest uses the PICs.
     */
    public List<CpuidEntry> trimCpuid(List<CpuidEntry> supported) {
        int edxClear = ioapic == null ? CPUID_1_EDX_APIC : 0;
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) {
            out.add(e.function() != 1 ? e : e.withEcx(e.ecx() & ~(CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE))
                    .withEdx(e.edx() & ~edxClear));
        }
        return out;
    }

    private void wakeVcpus() {
        for (VcpuInterrupts v : vcpus) v.wake();
    }
}

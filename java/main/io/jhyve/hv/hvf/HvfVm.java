package io.jhyve.hv.hvf;

import io.jhyve.devices.legacy.TimerQueue;
import io.jhyve.hv.CpuidEntry;
import io.jhyve.hv.IrqChip;
import io.jhyve.hv.Vcpu;
import io.jhyve.hv.VirtualMachine;
import io.jhyve.hv.VmOptions;
import io.jhyve.hv.irqchip.UserspaceIrqChip;
import io.jhyve.memory.GuestMemory;
import io.jhyve.memory.MemoryRegion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The process's one HVF VM (Apple: "creates a VM instance for the current task"). Guest RAM is
 * mapped read/write/execute; everything else is MMIO and exits as EPT violations.
 *
 * <p>HVF has no interrupt controller or timer in the kernel: the VM carries jhyve's
 * {@link UserspaceIrqChip}, a local APIC per vCPU, the IOAPIC, the 8259 pair and the 8254 (or,
 * with {@link IrqChip#USERSPACE_PIC}, the last two only), whose ports and pages
 * {@link #portDevices()} and {@link #mmioDevices()} hand to the VMM's buses and whose lines
 * {@link #setIrqLine} drives; a new interrupt wakes the vCPUs, which inject it at their next entry.
 * The local APIC page is MMIO like any other: its accesses exit as EPT violations.
 */
final class HvfVm implements VirtualMachine {
    /** HV_MEMORY_READ | HV_MEMORY_WRITE | HV_MEMORY_EXEC. */
    static final long HV_MEMORY_RWX = 7;
    static final long PAGE = 4096;
    /** Subleaves enumerated per indexed CPUID leaf (leaf 0xD has the most: one per XSAVE component). */
    static final int MAX_SUBLEAF = 20;

    private final VmxCapabilities caps;
    private final VmxControls controls;
    private final ControlRegisterPolicy crPolicy;
    private final List<MemoryRegion> regions = new ArrayList<>();
    private final List<HvfVcpu> vcpus = new ArrayList<>();
    private final UserspaceIrqChip irqChip;
    private volatile GuestMemory memory = new GuestMemory(List.of());
    private boolean closed;

    /** {@code IrqChip.KERNEL} means the platform's usual set, which under HVF lives in Java too: {@code USERSPACE}. */
    HvfVm(VmxCapabilities caps, VmxControls controls, VmOptions options) {
        this.caps = caps;
        this.controls = controls;
        this.crPolicy = ControlRegisterPolicy.of(caps);
        TimerQueue timers = TimerQueue.threaded("hvf-timers");
        this.irqChip = options.irqChip() == IrqChip.USERSPACE_PIC ? UserspaceIrqChip.legacyOnly(timers)
                : new UserspaceIrqChip(options.vcpus(), timers);
    }

    VmxControls controls() { return controls; }

    VmxCapabilities capabilities() { return caps; }

    ControlRegisterPolicy crPolicy() { return crPolicy; }

    /** Guest RAM as mapped so far, for walking page tables and string I/O. */
    GuestMemory memory() { return memory; }

    @Override
    public synchronized void mapMemory(MemoryRegion region) {
        long uva = region.host().hostAddress();
        if (uva == 0) {
            throw new HvfException("hv_vm_map", "HVF: guest RAM " + region + " has no host address (heap memory cannot be mapped)");
        }
        if (((uva | region.gpa() | region.size()) & (PAGE - 1)) != 0) {
            throw new HvfException("hv_vm_map", String.format("HVF: guest RAM %s at host 0x%x is not 4 KiB aligned "
                    + "(hv_vm_map needs page-aligned host address, guest address and size)", region, uva));
        }
        HvReturn.check("hv_vm_map", HvfNative.hvs_vm_map(uva, region.gpa(), region.size(), HV_MEMORY_RWX),
                "mapping guest RAM " + region);
        regions.add(region);
        regions.sort(Comparator.comparingLong(MemoryRegion::gpa));
        memory = new GuestMemory(regions);
    }

    @Override
    public synchronized Vcpu createVcpu(int id) {
        int[] hv = new int[1];
        HvReturn.check("hv_vcpu_create", HvfNative.hvs_vcpu_create(hv), "vCPU " + id);
        HvfVcpu vcpu = new HvfVcpu(this, id, hv[0]);
        vcpus.add(vcpu);
        vcpu.configure();
        return vcpu;
    }

    synchronized void vcpuDestroyed(HvfVcpu vcpu) {
        vcpus.remove(vcpu);
    }

    @Override
    public List<CpuidEntry> supportedCpuid() {
        return irqChip.trimCpuid(CpuidModel.hvfLeaves(CpuidModel.enumerate(HvfVm::hostCpuid, MAX_SUBLEAF), controls));
    }

    static int[] hostCpuid(int leaf, int subleaf) {
        int[] out = new int[4];
        HvfNative.hvs_host_cpuid(leaf, subleaf, out);
        return out;
    }

    /** The XCR0 bits the host supports (CPUID.(EAX=0DH,ECX=0): EDX:EAX), the limit for XSETBV. */
    long hostXcr0() {
        int[] d = hostCpuid(0xd, 0);
        return (d[0] & 0xffff_ffffL) | ((long) d[3] << 32);
    }

    @Override
    public void setIrqLine(int gsi, boolean level) {
        irqChip.setIrqLine(gsi, level);
    }

    UserspaceIrqChip userspaceIrqChip() { return irqChip; }

    @Override
    public IrqChip irqChip() { return irqChip.kind(); }

    @Override
    public List<PlatformDevice> portDevices() {
        return irqChip.portDevices();
    }

    @Override
    public List<PlatformDevice> mmioDevices() {
        return irqChip.mmioDevices();
    }

    /**
     * Unmaps RAM and destroys the VM. HVF refuses to destroy a VM with live vCPUs, and only their
     * own threads can destroy those; if any remain, the VM is left to the process exit.
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (!vcpus.isEmpty()) return;
        for (MemoryRegion r : regions) HvfNative.hvs_vm_unmap(r.gpa(), r.size());
        HvReturn.check("hv_vm_destroy", HvfNative.hvs_vm_destroy(), "");
    }
}

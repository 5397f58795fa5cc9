package io.jhyve.hv;

import io.jhyve.devices.AddressRange;
import io.jhyve.devices.BusDevice;
import io.jhyve.memory.MemoryRegion;
import java.util.List;

/** One VM: guest RAM mappings, vCPUs and interrupt lines into the interrupt controller. */
public interface VirtualMachine extends AutoCloseable {
    /** Makes {@code region}'s host memory the guest's RAM at {@code region.gpa()}. */
    void mapMemory(MemoryRegion region);

    /** Creates vCPU {@code id} on the calling thread, with the given CPUID answers. */
    Vcpu createVcpu(int id);

    /** The CPUID leaves this hypervisor can offer, before jhyve's policy trims them. */
    List<CpuidEntry> supportedCpuid();

    /** Drives interrupt line {@code gsi} of the interrupt controller (PIC and IOAPIC) to {@code level}. */
    void setIrqLine(int gsi, boolean level);

    /**
     * Where this VM's interrupt controllers live, as built: HVF has no in-kernel ones, so there
     * {@link IrqChip#KERNEL} becomes {@link IrqChip#USERSPACE}. The ACPI tables and the boot state
     * follow this (a machine without APICs gets no MADT, and its APIC starts disabled).
     */
    IrqChip irqChip();

    /** A device the backend emulates in user space, which the VMM attaches to its port-I/O or MMIO bus. */
    record PlatformDevice(AddressRange range, BusDevice device) { }

    /**
     * The platform devices this backend emulates in user space (8259 PICs and 8254 PIT on HVF); none on
     * KVM, whose interrupt controllers live in the kernel.
     */
    default List<PlatformDevice> portDevices() { return List.of(); }

    /** The memory-mapped platform devices this backend emulates in user space (local APIC page, IOAPIC). */
    default List<PlatformDevice> mmioDevices() { return List.of(); }

    @Override
    void close();
}

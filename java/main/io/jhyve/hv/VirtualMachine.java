package io.jhyve.hv;

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

    @Override
    void close();
}

package io.jhyve.hv;

import io.jhyve.memory.GuestMemory;

/** A hypervisor backend: KVM on Linux, Hypervisor.framework on macOS. */
public interface Hypervisor extends AutoCloseable {
    /** "KVM", "Hypervisor.framework". */
    String name();

    /**
     * Guest RAM of {@code ramBytes}, laid out with the 3-4 GiB device hole, in host memory this
     * backend can map: an anonymous mapping by default; the HVF shim allocates it itself.
     */
    default GuestMemory allocateRam(long ramBytes) {
        return GuestMemory.allocate(ramBytes);
    }

    /** Creates a VM with the platform devices the backend provides (in-kernel irqchip and PIT on KVM). */
    VirtualMachine createVm(VmOptions options);

    @Override
    void close();
}

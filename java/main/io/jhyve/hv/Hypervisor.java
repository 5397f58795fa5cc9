package io.jhyve.hv;

/** A hypervisor backend: KVM on Linux, Hypervisor.framework on macOS. */
public interface Hypervisor extends AutoCloseable {
    /** "KVM", "Hypervisor.framework". */
    String name();

    /** Creates a VM with the platform devices the backend provides (in-kernel irqchip and PIT on KVM). */
    VirtualMachine createVm(VmOptions options);

    @Override
    void close();
}

package io.jhyve.hv;

/**
 * Where a VM's interrupt controllers and PIT are emulated. KVM offers both; Hypervisor.framework has
 * no interrupt controller at all, so on HVF {@link #KERNEL} means {@link #USERSPACE}.
 */
public enum IrqChip {
    /** The hypervisor's own (KVM's in-kernel PICs, IOAPIC, local APICs and PIT). */
    KERNEL("kernel"),
    /** jhyve's Java models (8259 pair, 8254, a local APIC per vCPU, IOAPIC), injected by the VMM at VM entry. */
    USERSPACE("userspace"),
    /** jhyve's 8259 pair and 8254 only, no APIC (CPUID and IA32_APIC_BASE say so, no MADT); one CPU. */
    USERSPACE_PIC("userspace-pic");

    private final String key;

    IrqChip(String key) { this.key = key; }

    /** The value as written in a config file or after {@code --irqchip}. */
    public String key() { return key; }
}

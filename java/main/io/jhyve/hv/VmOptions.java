package io.jhyve.hv;

/**
 * What a VM needs from its backend at creation.
 *
 * @param tssAddress     guest-physical address of the three pages KVM on Intel needs for its real-mode TSS
 * @param identityMapAddress guest-physical address of the one page for KVM's identity-map table
 * @param irqChip        where the interrupt controllers live; backends without a choice ignore it
 */
public record VmOptions(int vcpus, long tssAddress, long identityMapAddress, IrqChip irqChip) {
    /** With the hypervisor's own interrupt controllers. */
    public VmOptions(int vcpus, long tssAddress, long identityMapAddress) {
        this(vcpus, tssAddress, identityMapAddress, IrqChip.KERNEL);
    }
}

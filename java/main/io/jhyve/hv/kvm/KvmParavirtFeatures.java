package io.jhyve.hv.kvm;

import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * KVM's paravirtual feature leaf, CPUID 0x40000001 EAX (Documentation/virt/kvm/x86/cpuid.rst), and
 * the features a VM without KVM's in-kernel local APIC must not offer. KVM implements them inside
 * its own APIC model: with the APICs in user space the PV IPI hypercall fails with -EOPNOTSUPP
 * (Linux warns "failed to send PV IPI" and the woken CPU never learns of it), the PV kick leaves a
 * halted spinlock waiter asleep, PV EOI and the async-page-fault interrupt are refused. Without
 * these bits Linux sends IPIs, EOIs and wake-ups through the APIC registers, which jhyve emulates.
 */
public final class KvmParavirtFeatures {
    /** KVM_CPUID_FEATURES: the leaf whose EAX lists the KVM_FEATURE_* bits. */
    public static final int KVM_CPUID_FEATURES = 0x4000_0001;
    public static final int KVM_FEATURE_ASYNC_PF = 4, KVM_FEATURE_PV_EOI = 6, KVM_FEATURE_PV_UNHALT = 7,
            KVM_FEATURE_PV_SEND_IPI = 11, KVM_FEATURE_PV_SCHED_YIELD = 13, KVM_FEATURE_ASYNC_PF_INT = 14,
            KVM_FEATURE_MSI_EXT_DEST_ID = 15;
    /** The features that need KVM's in-kernel local APIC or IOAPIC. */
    public static final int NEED_IN_KERNEL_APIC = 1 << KVM_FEATURE_ASYNC_PF | 1 << KVM_FEATURE_PV_EOI
            | 1 << KVM_FEATURE_PV_UNHALT | 1 << KVM_FEATURE_PV_SEND_IPI | 1 << KVM_FEATURE_PV_SCHED_YIELD
            | 1 << KVM_FEATURE_ASYNC_PF_INT | 1 << KVM_FEATURE_MSI_EXT_DEST_ID;

    private KvmParavirtFeatures() { }

    /** {@code supported} with the {@link #NEED_IN_KERNEL_APIC} features cleared from KVM's feature leaf. */
    public static List<CpuidEntry> withoutInKernelApicFeatures(List<CpuidEntry> supported) {
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) {
            out.add(e.function() == KVM_CPUID_FEATURES ? e.withEax(e.eax() & ~NEED_IN_KERNEL_APIC) : e);
        }
        return out;
    }
}

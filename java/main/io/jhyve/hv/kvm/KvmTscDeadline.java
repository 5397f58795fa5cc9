package io.jhyve.hv.kvm;

import io.jhyve.arch.x86.CpuidFeature;
import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The TSC-deadline mode of the local APIC timer (SDM Vol. 3A §11.5.4.1), which KVM's in-kernel
 * APIC emulates but KVM_GET_SUPPORTED_CPUID does not list: where KVM_CAP_TSC_DEADLINE_TIMER is
 * present the VMM sets CPUID.01H:ECX[24] itself (Documentation/virt/kvm/api.rst), as QEMU does.
 * Without it Linux calibrates the APIC timer against the PIT at boot: a PAUSE loop over 25 timer
 * ticks (setup_boot_APIC_clock), where scripts/kvm-vm's emulated CPU was once caught stuck for good.
 * The Java APICs (userspace irqchip, HVF) have no deadline mode and keep the bit clear.
 */
public final class KvmTscDeadline {
    /** KVM_CAP_TSC_DEADLINE_TIMER (include/uapi/linux/kvm.h). */
    public static final int KVM_CAP_TSC_DEADLINE_TIMER = 72;
    private static final CpuidFeature FLAG = CpuidFeature.TSC_DEADLINE_TIMER; // leaf 1, ECX bit 24

    private KvmTscDeadline() { }

    /** {@code supported} with leaf 1 offering the TSC-deadline timer. */
    public static List<CpuidEntry> offered(List<CpuidEntry> supported) {
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) out.add(e.function() == FLAG.leaf() ? e.withEcx(e.ecx() | FLAG.mask()) : e);
        return out;
    }
}

package io.jhyve.arch.x86;

import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What CPUID says to each vCPU: the hypervisor's supported leaves with the per-CPU topology filled
 * in (SDM Vol. 2A, CPUID; Intel's "x2APIC ID" leaf 0xB). Hiding features (for hosts whose KVM cannot
 * run some instructions) comes later as a documented config option.
 */
public final class CpuidPolicy {
    /** CPUID.1:ECX bit 31, "hypervisor present", which Linux checks before looking at KVM's leaves. */
    public static final int CPUID_1_ECX_HYPERVISOR = 1 << 31;
    /** CPUID.1:EDX bit 28, HTT: the logical-processor count in EBX[23:16] is valid. */
    public static final int CPUID_1_EDX_HTT = 1 << 28;

    private CpuidPolicy() { }

    /** The leaves vCPU {@code cpu} of {@code cpuCount} sees. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int cpu, int cpuCount) {
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry e : supported) {
            switch (e.function()) {
                case 1 -> {
                    // EBX[31:24] initial APIC ID, EBX[23:16] logical processors per package.
                    int ebx = (e.ebx() & 0x0000ffff) | (cpu << 24) | (Math.min(cpuCount, 255) << 16);
                    int edx = cpuCount > 1 ? e.edx() | CPUID_1_EDX_HTT : e.edx();
                    out.add(e.withEbx(ebx).withEdx(edx).withEcx(e.ecx() | CPUID_1_ECX_HYPERVISOR));
                }
                case 0xb, 0x1f -> out.add(e.withEdx(cpu)); // EDX: x2APIC ID of this logical processor
                default -> out.add(e);
            }
        }
        return out;
    }
}

package io.jhyve.arch.x86;

import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What CPUID says to each vCPU: the hypervisor's supported leaves with the per-CPU topology filled
 * in (SDM Vol. 2A, CPUID; Intel's "x2APIC ID" leaf 0xB), minus the features the config hides
 * ({@code cpuidHide}, for hosts whose KVM cannot run some instructions). Everything else KVM supports
 * is offered as is, including KVM's own leaves 0x40000000+ (kvm-clock, PV EOI, steal time), which a
 * Linux guest finds through the hypervisor bit set here.
 */
public final class CpuidPolicy {
    /** CPUID.1:ECX bit 31, "hypervisor present", which Linux checks before looking at KVM's leaves. */
    public static final int CPUID_1_ECX_HYPERVISOR = 1 << 31;
    /** CPUID.1:EDX bit 28, HTT: the logical-processor count in EBX[23:16] is valid. */
    public static final int CPUID_1_EDX_HTT = 1 << 28;

    private CpuidPolicy() { }

    /** The leaves vCPU {@code cpu} of {@code cpuCount} sees, with nothing hidden. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int cpu, int cpuCount) {
        return forVcpu(supported, cpu, cpuCount, Set.of());
    }

    /** The leaves vCPU {@code cpu} of {@code cpuCount} sees, with the {@code hidden} flags cleared. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int cpu, int cpuCount,
                                           Set<CpuidFeature> hidden) {
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry supportedEntry : supported) {
            CpuidEntry e = hide(supportedEntry, hidden);
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

    /**
     * The line a run prints on stderr when it hides features: which ones, and which of those the
     * hypervisor did not offer anyway (hiding them changed nothing). Empty when nothing is hidden.
     */
    public static String hidingReport(List<CpuidEntry> supported, Set<CpuidFeature> hidden) {
        if (hidden.isEmpty()) return "";
        List<String> absent = hidden.stream().filter(f -> !offered(supported, f)).map(CpuidFeature::flagName).toList();
        String names = String.join(", ", hidden.stream().map(CpuidFeature::flagName).toList());
        return "jhyve: CPUID: hiding " + names + " from the guest (cpuidHide)"
                + (absent.isEmpty() ? "" : "; not offered by the hypervisor anyway: " + String.join(", ", absent));
    }

    /** Whether {@code supported} sets feature {@code f}'s bit. */
    static boolean offered(List<CpuidEntry> supported, CpuidFeature f) {
        for (CpuidEntry e : supported) {
            if (e.function() != f.leaf() || (e.indexed() && e.index() != 0)) continue;
            int value = switch (f.reg()) {
                case EBX -> e.ebx();
                case ECX -> e.ecx();
                case EDX -> e.edx();
            };
            return (value & f.mask()) != 0;
        }
        return false;
    }

    /** {@code e} with the bits of {@code hidden} features that live in it cleared. */
    static CpuidEntry hide(CpuidEntry e, Set<CpuidFeature> hidden) {
        for (CpuidFeature f : hidden) {
            // Leaf 7's flags are in sub-leaf 0; other sub-leaves carry other information.
            if (f.leaf() != e.function() || (e.indexed() && e.index() != 0)) continue;
            e = switch (f.reg()) {
                case EBX -> e.withEbx(e.ebx() & ~f.mask());
                case ECX -> e.withEcx(e.ecx() & ~f.mask());
                case EDX -> e.withEdx(e.edx() & ~f.mask());
            };
        }
        return e;
    }
}

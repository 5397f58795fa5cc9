package io.jhyve.arch.x86;

import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What CPUID says to each vCPU: the hypervisor's supported leaves, with the topology rewritten to
 * describe one package of {@code cpuCount} single-threaded cores whose APIC IDs are the vCPU indexes
 * (KVM gives vCPU n local APIC ID n, and the MADT lists the same IDs). Leaves the policy does not
 * touch pass through, including KVM's own at 0x40000000 (signature) and 0x40000001 (features such
 * as KVM_FEATURE_CLOCKSOURCE2, the kvm-clock).
 * Features the config hides ({@code cpuidHide}) are cleared first.
 *
 * <p>References: SDM Vol. 2A "CPUID" leaves 01H, 04H, 0BH and 1FH; AMD APM Vol. 3 Appendix E
 * (leaves 8000_0001h, 8000_0008h, 8000_001Eh).
 */
public final class CpuidPolicy {
    /** CPUID.1:ECX bit 31, "hypervisor present", which Linux checks before looking at KVM's leaves. */
    public static final int CPUID_1_ECX_HYPERVISOR = 1 << 31;
    /** CPUID.1:EDX bit 28, HTT: the logical-processor count in EBX[23:16] is valid. */
    public static final int CPUID_1_EDX_HTT = 1 << 28;
    /** CPUID.8000_0001h:ECX bit 1, CmpLegacy: the core count of 8000_0008h ECX is meaningful. */
    public static final int CPUID_80000001_ECX_CMP_LEGACY = 1 << 1;
    /** Leaf 0BH/1FH level types (ECX[15:8]). */
    public static final int LEVEL_TYPE_INVALID = 0, LEVEL_TYPE_SMT = 1, LEVEL_TYPE_CORE = 2;

    private CpuidPolicy() { }

    /** The leaves vCPU {@code cpu} of {@code cpuCount} sees, with nothing hidden. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int cpu, int cpuCount) {
        return forVcpu(supported, cpu, cpuCount, Set.of());
    }

    /** The leaves vCPU {@code cpu} of {@code cpuCount} sees, with the {@code hidden} flags cleared. */
    public static List<CpuidEntry> forVcpu(List<CpuidEntry> supported, int cpu, int cpuCount,
                                           Set<CpuidFeature> hidden) {
        int coreBits = coreIdBits(cpuCount);
        List<CpuidEntry> out = new ArrayList<>(supported.size());
        for (CpuidEntry supportedEntry : supported) {
            CpuidEntry e = hide(supportedEntry, hidden);
            switch (e.function()) {
                case 1 -> out.add(leaf1(e, cpu, cpuCount, coreBits));
                case 4 -> out.add(leaf4(e, coreBits));
                case 0xb, 0x1f -> {
                    // Replace every subleaf KVM offered (they describe the host) with ours, once per leaf.
                    if (e.index() == 0) out.addAll(extendedTopology(e.function(), cpu, cpuCount, coreBits));
                }
                case 0x8000_0001 -> out.add(cpuCount > 1 ? e.withEcx(e.ecx() | CPUID_80000001_ECX_CMP_LEGACY) : e);
                case 0x8000_0008 -> out.add(e.withEcx((e.ecx() & ~0xf0ff) | (coreBits << 12) | (cpuCount - 1)));
                // EAX extended APIC ID; EBX[15:8] threads per core - 1 = 0, EBX[7:0] core ID; ECX node 0.
                case 0x8000_001e -> out.add(new CpuidEntry(e.function(), e.index(), e.indexed(), cpu, cpu & 0xff, 0, 0));
                default -> out.add(e);
            }
        }
        return out;
    }

    /** Bits of the APIC ID that number the cores of the package: ceil(log2(cpuCount)). */
    static int coreIdBits(int cpuCount) {
        return cpuCount <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(cpuCount - 1);
    }

    /** EBX[31:24] initial APIC ID, EBX[23:16] addressable logical processor IDs in the package. */
    private static CpuidEntry leaf1(CpuidEntry e, int cpu, int cpuCount, int coreBits) {
        int ebx = (e.ebx() & 0x0000ffff) | (cpu << 24) | (Math.min(1 << coreBits, 255) << 16);
        int edx = cpuCount > 1 ? e.edx() | CPUID_1_EDX_HTT : e.edx() & ~CPUID_1_EDX_HTT;
        return e.withEbx(ebx).withEdx(edx).withEcx(e.ecx() | CPUID_1_ECX_HYPERVISOR);
    }

    /**
     * Deterministic cache parameters: EAX[31:26] addressable core IDs - 1; EAX[25:14] logical
     * processors sharing the cache - 1, which is every core for a level-3 cache and one otherwise.
     */
    private static CpuidEntry leaf4(CpuidEntry e, int coreBits) {
        if ((e.eax() & 0x1f) == 0) return e; // cache type 0: no more caches
        int level = (e.eax() >>> 5) & 7;
        int sharing = level >= 3 ? (1 << coreBits) - 1 : 0;
        int eax = (e.eax() & 0x3fff) | (sharing << 14) | (((1 << coreBits) - 1) << 26);
        return e.withEax(eax);
    }

    /** Leaf 0BH (or 1FH): SMT level of one thread, core level of every CPU, then the invalid level. */
    private static List<CpuidEntry> extendedTopology(int function, int cpu, int cpuCount, int coreBits) {
        return List.of(
                new CpuidEntry(function, 0, true, 0, 1, LEVEL_TYPE_SMT << 8, cpu),
                new CpuidEntry(function, 1, true, coreBits, cpuCount, LEVEL_TYPE_CORE << 8 | 1, cpu),
                new CpuidEntry(function, 2, true, 0, 0, LEVEL_TYPE_INVALID << 8 | 2, cpu));
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

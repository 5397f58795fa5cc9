package io.jhyve.hv.hvf;

import io.jhyve.hv.CpuidEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * CPUID as the guest sees it under HVF, where every CPUID exits to jhyve (SDM Vol. 3C §25.1.2).
 *
 * <p>{@link #hvfLeaves} trims the host's leaves to what jhyve can back: no VMX, MONITOR/MWAIT,
 * x2APIC, TSC deadline, LA57 (the decompressor would toggle paging to switch to 5-level tables),
 * WAITPKG, XSAVES, performance monitoring, and RDTSCP/INVPCID unless the controls enable them.
 * The APIC bit stays: the VM's {@code UserspaceIrqChip} clears it when it has no local APICs. {@link #answer} then looks leaves up like
 * the processor (SDM Vol. 2A, CPUID: a leaf above the maximum returns the highest basic leaf)
 * and reflects the guest's CR4 in OSXSAVE and OSPKE, which the processor derives from CR4.
 */
public final class CpuidModel {
    // Feature bits (SDM Vol. 2A, CPUID, Tables 3-10, 3-11 and leaf 07H / 80000001H).
    public static final int CPUID_1_ECX_MONITOR = 1 << 3, CPUID_1_ECX_VMX = 1 << 5, CPUID_1_ECX_X2APIC = 1 << 21,
            CPUID_1_ECX_TSC_DEADLINE = 1 << 24, CPUID_1_ECX_OSXSAVE = 1 << 27;
    public static final int CPUID_7_EBX_INVPCID = 1 << 10, CPUID_7_ECX_WAITPKG = 1 << 5, CPUID_7_ECX_OSPKE = 1 << 4,
            CPUID_7_ECX_LA57 = 1 << 16;
    public static final int CPUID_D1_EAX_XSAVES = 1 << 3, CPUID_80000001_EDX_RDTSCP = 1 << 27;
    private static final long CR4_OSXSAVE = 1L << 18, CR4_PKE = 1L << 22;

    private final List<CpuidEntry> leaves;
    private final int maxBasic;
    private final int maxExtended;

    public CpuidModel(List<CpuidEntry> leaves) {
        this.leaves = List.copyOf(leaves);
        this.maxBasic = find(0, 0) == null ? 0 : find(0, 0).eax();
        CpuidEntry ext = find(0x8000_0000, 0);
        this.maxExtended = ext == null ? 0x8000_0000 : ext.eax();
    }

    /** The host's leaves minus what jhyve cannot back under HVF with these controls. */
    public static List<CpuidEntry> hvfLeaves(List<CpuidEntry> host, VmxControls controls) {
        List<CpuidEntry> out = new ArrayList<>(host.size());
        for (CpuidEntry e : host) {
            CpuidEntry t = switch (e.function()) {
                case 1 -> e.withEcx(e.ecx() & ~(CPUID_1_ECX_MONITOR | CPUID_1_ECX_VMX | CPUID_1_ECX_X2APIC
                        | CPUID_1_ECX_TSC_DEADLINE | CPUID_1_ECX_OSXSAVE));
                case 5, 6, 0xa -> new CpuidEntry(e.function(), e.index(), e.indexed(), 0, 0, 0, 0);
                case 7 -> e.index() != 0 ? e : e
                        .withEbx(controls.has(VmxControl.ENABLE_INVPCID) ? e.ebx() : e.ebx() & ~CPUID_7_EBX_INVPCID)
                        .withEcx(e.ecx() & ~(CPUID_7_ECX_LA57 | CPUID_7_ECX_WAITPKG | CPUID_7_ECX_OSPKE));
                case 0xd -> e.index() == 1 ? e.withEax(e.eax() & ~CPUID_D1_EAX_XSAVES) : e;
                case 0x8000_0001 -> controls.has(VmxControl.ENABLE_RDTSCP) ? e
                        : e.withEdx(e.edx() & ~CPUID_80000001_EDX_RDTSCP);
                default -> e;
            };
            out.add(t);
        }
        return out;
    }

    private CpuidEntry find(int leaf, int subleaf) {
        for (CpuidEntry e : leaves) {
            if (e.function() == leaf && (!e.indexed() || e.index() == subleaf)) return e;
        }
        return null;
    }

    /** EAX, EBX, ECX, EDX for CPUID with EAX = {@code leaf}, ECX = {@code subleaf}, guest CR4 = {@code cr4}. */
    public int[] answer(int leaf, int subleaf, long cr4) {
        boolean basic = Integer.compareUnsigned(leaf, 0x4000_0000) < 0;
        boolean extended = Integer.compareUnsigned(leaf, 0x8000_0000) >= 0 && Integer.compareUnsigned(leaf, 0x9000_0000) < 0;
        CpuidEntry e;
        if ((basic && Integer.compareUnsigned(leaf, maxBasic) > 0) || (extended && Integer.compareUnsigned(leaf, maxExtended) > 0)) {
            e = find(maxBasic, subleaf);
        } else {
            e = find(leaf, subleaf);
        }
        if (e == null) return new int[4];
        int ecx = e.ecx();
        if (e.function() == 1) ecx = (cr4 & CR4_OSXSAVE) != 0 ? ecx | CPUID_1_ECX_OSXSAVE : ecx & ~CPUID_1_ECX_OSXSAVE;
        if (e.function() == 7 && e.index() == 0) ecx = (cr4 & CR4_PKE) != 0 ? ecx | CPUID_7_ECX_OSPKE : ecx & ~CPUID_7_ECX_OSPKE;
        return new int[] {e.eax(), e.ebx(), ecx, e.edx()};
    }

    /** Subleaf-indexed leaves (SDM Vol. 2A, CPUID): enumerated with ECX = 0, 1, ... */
    static boolean indexedLeaf(int leaf) {
        return switch (leaf) {
            case 4, 7, 0xb, 0xd, 0xf, 0x10, 0x12, 0x14, 0x17, 0x18, 0x1d, 0x1f, 0x8000_001d -> true;
            default -> false;
        };
    }

    /** A CPUID instruction of the host, e.g. the shim's {@code hvs_host_cpuid}. */
    public interface HostCpuid {
        int[] cpuid(int leaf, int subleaf);
    }

    /** The host's basic and extended leaves, subleaves 0..{@code maxSubleaf} for indexed ones. */
    public static List<CpuidEntry> enumerate(HostCpuid host, int maxSubleaf) {
        List<CpuidEntry> out = new ArrayList<>();
        for (int base : new int[] {0, 0x8000_0000}) {
            int max = host.cpuid(base, 0)[0];
            if (Integer.compareUnsigned(max, base + 0x100) > 0) max = base + 0x100; // a guard against junk
            for (int leaf = base; Integer.compareUnsigned(leaf, max) <= 0; leaf++) {
                boolean indexed = indexedLeaf(leaf);
                for (int sub = 0; sub <= (indexed ? maxSubleaf : 0); sub++) {
                    int[] r = host.cpuid(leaf, sub);
                    out.add(new CpuidEntry(leaf, sub, indexed, r[0], r[1], r[2], r[3]));
                }
            }
        }
        return out;
    }
}

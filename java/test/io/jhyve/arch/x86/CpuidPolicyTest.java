package io.jhyve.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.hv.CpuidEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuidPolicyTest {
    static final List<CpuidEntry> SUPPORTED = List.of(
            new CpuidEntry(1, 0, false, 0x806f8, 0xff000800, 0x7ed8320b, 0x178bfbff),
            new CpuidEntry(4, 0, true, 0x1c004121, 0x01c0003f, 0x3f, 0),      // L1d, shared by 2 host threads
            new CpuidEntry(4, 3, true, 0x1c03c163, 0x02c0003f, 0x3fff, 6),   // L3
            new CpuidEntry(0xb, 0, true, 1, 2, 0x100, 7),
            new CpuidEntry(0xb, 1, true, 5, 16, 0x201, 7),
            new CpuidEntry(0x4000_0000, 0, false, 0x4000_0001, 0x4b4d564b, 0x564b4d56, 0x4d),
            new CpuidEntry(0x4000_0001, 0, false, 0x01007afb, 0, 0, 0),
            new CpuidEntry(0x8000_0008, 0, false, 0x3030, 0, 0x700f, 0),
            new CpuidEntry(0x8000_001e, 0, false, 7, 0x107, 0x100, 0));

    static CpuidEntry find(List<CpuidEntry> l, int function, int index) {
        return l.stream().filter(e -> e.function() == function && e.index() == index).findFirst().orElseThrow();
    }

    @Test
    void leaf1CarriesTheApicIdAndTheHypervisorBit() {
        List<CpuidEntry> cpu2 = CpuidPolicy.forVcpu(SUPPORTED, 2, 4);
        assertEquals(0x02040800, find(cpu2, 1, 0).ebx());
        assertEquals(0x7ed8320b | CpuidPolicy.CPUID_1_ECX_HYPERVISOR, find(cpu2, 1, 0).ecx());
        assertTrue((find(cpu2, 1, 0).edx() & CpuidPolicy.CPUID_1_EDX_HTT) != 0);
    }

    @Test
    void threeCpusNeedTwoBitsOfCoreId() {
        List<CpuidEntry> cpu1 = CpuidPolicy.forVcpu(SUPPORTED, 1, 3);
        assertEquals(4, (find(cpu1, 1, 0).ebx() >>> 16) & 0xff, "addressable IDs: next power of two");
        assertEquals(3, find(cpu1, 4, 0).eax() >>> 26, "cores per package - 1");
        assertEquals(0, (find(cpu1, 4, 0).eax() >>> 14) & 0xfff, "L1 is per core");
        assertEquals(3, (find(cpu1, 4, 3).eax() >>> 14) & 0xfff, "L3 shared by every core");
    }

    @Test
    void leafBDescribesOneThreadPerCoreAndAllCpusInThePackage() {
        List<CpuidEntry> cpu3 = CpuidPolicy.forVcpu(SUPPORTED, 3, 4);
        assertEquals(new CpuidEntry(0xb, 0, true, 0, 1, 0x100, 3), find(cpu3, 0xb, 0));
        assertEquals(new CpuidEntry(0xb, 1, true, 2, 4, 0x201, 3), find(cpu3, 0xb, 1));
        assertEquals(new CpuidEntry(0xb, 2, true, 0, 0, 2, 3), find(cpu3, 0xb, 2));
        assertEquals(3, cpu3.stream().filter(e -> e.function() == 0xb).count());
    }

    @Test
    void amdCoreCountAndExtendedApicId() {
        List<CpuidEntry> cpu5 = CpuidPolicy.forVcpu(SUPPORTED, 5, 8);
        assertEquals(0x3007, find(cpu5, 0x8000_0008, 0).ecx(), "NC = 7, ApicIdCoreIdSize = 3");
        assertEquals(5, find(cpu5, 0x8000_001e, 0).eax());
        assertEquals(5, find(cpu5, 0x8000_001e, 0).ebx());
    }

    @Test
    void kvmLeavesPassThroughForKvmClock() {
        List<CpuidEntry> cpu0 = CpuidPolicy.forVcpu(SUPPORTED, 0, 1);
        assertEquals(find(SUPPORTED, 0x4000_0000, 0), find(cpu0, 0x4000_0000, 0));
        assertEquals(find(SUPPORTED, 0x4000_0001, 0), find(cpu0, 0x4000_0001, 0));
        assertEquals(0, find(cpu0, 1, 0).edx() & CpuidPolicy.CPUID_1_EDX_HTT, "no HTT with one CPU");
    }

    @Test
    void coreIdBits() {
        assertEquals(0, CpuidPolicy.coreIdBits(1));
        assertEquals(1, CpuidPolicy.coreIdBits(2));
        assertEquals(2, CpuidPolicy.coreIdBits(3));
        assertEquals(2, CpuidPolicy.coreIdBits(4));
        assertEquals(8, CpuidPolicy.coreIdBits(255));
    }

    private static final CpuidEntry LEAF_1 = new CpuidEntry(1, 0, false, 0x806f8, 0xff000800, 0x7ed8320b, 0x178bfbff);
    private static final CpuidEntry LEAF_7_0 = new CpuidEntry(7, 0, true, 1, 0x219c07ab, 0x0040069c, 0);
    private static final CpuidEntry LEAF_7_1 = new CpuidEntry(7, 1, true, 0, 0x219c07ab, 0, 0);

    @Test
    void topologyAndHypervisorBitPerVcpu() {
        List<CpuidEntry> supported = List.of(LEAF_1, new CpuidEntry(0xb, 0, true, 1, 1, 0x100, 0));
        List<CpuidEntry> cpu2 = CpuidPolicy.forVcpu(supported, 2, 4);
        assertEquals(0x02040800, cpu2.get(0).ebx());
        assertEquals(0x7ed8320b | CpuidPolicy.CPUID_1_ECX_HYPERVISOR, cpu2.get(0).ecx());
        assertEquals(2, cpu2.get(1).edx());
    }

    @Test
    void hiddenFlagsAreClearedOnlyInTheirLeafAndSubleaf() {
        List<CpuidEntry> out = CpuidPolicy.forVcpu(List.of(LEAF_1, LEAF_7_0, LEAF_7_1), 0, 1,
                Set.of(CpuidFeature.CX16, CpuidFeature.XSAVE, CpuidFeature.AVX2));
        // CX16 is ECX bit 13, XSAVE bit 26 (SDM Vol. 2A, CPUID.01H:ECX); both set in LEAF_1.
        assertEquals((0x7ed8320b & ~(1 << 13) & ~(1 << 26)) | CpuidPolicy.CPUID_1_ECX_HYPERVISOR, out.get(0).ecx());
        assertEquals(0x219c07ab & ~(1 << 5), out.get(1).ebx());
        assertEquals(0x219c07ab, out.get(2).ebx());
    }

    @Test
    void reportNamesHiddenFlagsAndThoseNeverOffered() {
        Set<CpuidFeature> hidden = new LinkedHashSet<>(List.of(CpuidFeature.CX16, CpuidFeature.LA57));
        assertEquals("jhyve: CPUID: hiding cx16, la57 from the guest (cpuidHide); not offered by the hypervisor "
                + "anyway: la57", CpuidPolicy.hidingReport(List.of(LEAF_1, LEAF_7_0), hidden));
        assertEquals("", CpuidPolicy.hidingReport(List.of(LEAF_1), Set.of()));
    }

    @Test
    void flagNamesAreLinuxCpuinfoNames() {
        assertEquals(CpuidFeature.TSC_DEADLINE_TIMER, CpuidFeature.byFlagName("tsc_deadline_timer").orElseThrow());
        assertEquals(CpuidFeature.CX16, CpuidFeature.byFlagName(" CX16 ").orElseThrow());
        assertEquals(java.util.Optional.empty(), CpuidFeature.byFlagName("sse9"));
    }
}

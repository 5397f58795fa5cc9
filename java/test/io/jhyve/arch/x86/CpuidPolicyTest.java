package io.jhyve.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.CpuidEntry;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CpuidPolicyTest {
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

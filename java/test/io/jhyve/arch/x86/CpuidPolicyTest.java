package io.jhyve.arch.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.CpuidEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuidPolicyTest {
    @Test
    void topologyAndHypervisorBitPerVcpu() {
        List<CpuidEntry> supported = List.of(new CpuidEntry(1, 0, false, 0x806f8, 0xff000800, 0x7ed8320b, 0x178bfbff),
                new CpuidEntry(0xb, 0, true, 1, 1, 0x100, 0));
        List<CpuidEntry> cpu2 = CpuidPolicy.forVcpu(supported, 2, 4);
        assertEquals(0x02040800, cpu2.get(0).ebx());
        assertEquals(0x7ed8320b | CpuidPolicy.CPUID_1_ECX_HYPERVISOR, cpu2.get(0).ecx());
        assertEquals(2, cpu2.get(1).edx());
    }
}

package io.jhyve.hv.kvm;

import static io.jhyve.hv.kvm.KvmParavirtFeatures.KVM_CPUID_FEATURES;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.CpuidEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class KvmParavirtFeaturesTest {
    /** KVM 6.1's feature leaf as this machine's KVM offers it: clocksource, nop-io-delay, ... PV IPI, ... */
    private static final int OFFERED = 0x0100_fefb;

    @Test
    void theApicDependentFeaturesGoAndTheClockStays() {
        List<CpuidEntry> out = KvmParavirtFeatures.withoutInKernelApicFeatures(List.of(
                new CpuidEntry(KVM_CPUID_FEATURES, 0, false, OFFERED, 0, 0, 0),
                new CpuidEntry(1, 0, false, OFFERED, 1, 2, 3)));
        int eax = out.get(0).eax();
        assertEquals(0, eax & (1 << 11), "PV_SEND_IPI");
        assertEquals(0, eax & (1 << 7), "PV_UNHALT");
        assertEquals(0, eax & (1 << 6), "PV_EOI");
        assertEquals(0, eax & (1 << 14 | 1 << 4), "async page faults");
        assertEquals(1 << 3, eax & (1 << 3), "CLOCKSOURCE2, the kvm-clock, stays");
        assertEquals(1 << 24, eax & (1 << 24), "CLOCKSOURCE_STABLE_BIT stays");
        assertEquals(new CpuidEntry(1, 0, false, OFFERED, 1, 2, 3), out.get(1), "other leaves are untouched");
    }
}

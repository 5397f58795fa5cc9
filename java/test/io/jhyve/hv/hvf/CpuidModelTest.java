package io.jhyve.hv.hvf;

import static io.jhyve.hv.hvf.CpuidModel.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.hv.CpuidEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

class CpuidModelTest {
    /** A trimmed host dump: max basic leaf 7, leaf 1 with VMX, MONITOR, x2APIC, APIC; leaf 7 with LA57. */
    static final List<CpuidEntry> HOST = List.of(
            new CpuidEntry(0, 0, false, 7, 0x756e6547, 0x6c65746e, 0x49656e69),
            new CpuidEntry(1, 0, false, 0x906ea, 0x00100800, 0x7ffafbff | CPUID_1_ECX_OSXSAVE, 0xbfebfbff),
            new CpuidEntry(6, 0, false, 0x77, 2, 9, 0),
            new CpuidEntry(7, 0, true, 0, 0x029c6fbf, 0x40010000 | CPUID_7_ECX_LA57, 0),
            new CpuidEntry(0x8000_0000, 0, false, 0x8000_0008, 0, 0, 0),
            new CpuidEntry(0x8000_0001, 0, false, 0, 0, 0x121, 0x2c100800));

    @Test
    void hidesWhatJhyveCannotBack() {
        VmxControls controls = VmxControls.compute(CapabilityFixtures.INTEL_MAC);
        CpuidModel m = new CpuidModel(CpuidModel.hvfLeaves(HOST, controls));
        int[] leaf1 = m.answer(1, 0, 0);
        assertEquals(0, leaf1[2] & (CPUID_1_ECX_VMX | CPUID_1_ECX_MONITOR | CPUID_1_ECX_X2APIC | CPUID_1_ECX_TSC_DEADLINE));
        assertEquals(1 << 9, leaf1[3] & 1 << 9, "APIC stays: whether there is one is the irqchip's to say");
        assertEquals(0, m.answer(7, 0, 0)[2] & CPUID_7_ECX_LA57);
        assertArrayEquals(new int[4], m.answer(6, 0, 0)); // thermal and power management
        // RDTSCP and INVPCID stay: the controls enable them on this Mac.
        assertEquals(CPUID_80000001_EDX_RDTSCP, m.answer(0x8000_0001, 0, 0)[3] & CPUID_80000001_EDX_RDTSCP);
        assertEquals(CPUID_7_EBX_INVPCID, m.answer(7, 0, 0)[1] & CPUID_7_EBX_INVPCID);
    }

    @Test
    void rdtscpHiddenWhenItsControlIsOff() {
        long proc2 = CapabilityFixtures.PROCBASED2 & ~(1L << (32 + 3));
        VmxCapabilities c = CapabilityFixtures.INTEL_MAC;
        VmxControls controls = VmxControls.compute(new VmxCapabilities(c.pinBased(), c.procBased(), proc2, c.entry(),
                c.exit(), c.cr0Fixed0(), c.cr0Fixed1(), c.cr4Fixed0(), c.cr4Fixed1()));
        CpuidModel m = new CpuidModel(CpuidModel.hvfLeaves(HOST, controls));
        assertEquals(0, m.answer(0x8000_0001, 0, 0)[3] & CPUID_80000001_EDX_RDTSCP);
    }

    @Test
    void osxsaveFollowsTheGuestsCr4() {
        CpuidModel m = new CpuidModel(HOST);
        assertEquals(0, m.answer(1, 0, 0)[2] & CPUID_1_ECX_OSXSAVE);
        assertEquals(CPUID_1_ECX_OSXSAVE, m.answer(1, 0, 1L << 18)[2] & CPUID_1_ECX_OSXSAVE);
    }

    @Test
    void leavesAboveTheMaximumAnswerLikeTheHighestBasicLeaf() {
        CpuidModel m = new CpuidModel(HOST);
        assertArrayEquals(m.answer(7, 0, 0), m.answer(0x20, 0, 0));
        assertArrayEquals(m.answer(7, 0, 0), m.answer(0x8000_0009, 0, 0));
        assertArrayEquals(new int[4], m.answer(0x4000_0000, 0, 0)); // no hypervisor leaves
    }

    @Test
    void enumeratesBasicExtendedAndIndexedLeaves() {
        List<CpuidEntry> e = CpuidModel.enumerate((leaf, sub) -> switch (leaf) {
            case 0 -> new int[] {7, 0, 0, 0};
            case 0x8000_0000 -> new int[] {0x8000_0001, 0, 0, 0};
            default -> new int[] {leaf, sub, 0, 0};
        }, 2);
        assertEquals(8 + 2 * 2 + 2, e.size()); // leaves 0-7, two more subleaves of 4 and 7, 0x80000000-1
        assertEquals(new CpuidEntry(7, 2, true, 7, 2, 0, 0), e.get(11));
    }
}

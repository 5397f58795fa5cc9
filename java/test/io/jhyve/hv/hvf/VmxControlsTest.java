package io.jhyve.hv.hvf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.hv.SpecialRegisters;
import org.junit.jupiter.api.Test;

class VmxControlsTest {
    private final VmxControls c = VmxControls.compute(CapabilityFixtures.INTEL_MAC);

    @Test
    void everyControlHonoursItsCapability() {
        // SDM A.3: bits in the low half must be set, bits clear in the high half must be clear.
        VmxCapabilities caps = CapabilityFixtures.INTEL_MAC;
        long[][] pairs = {{c.pinBased(), caps.pinBased()}, {c.primary(), caps.procBased()},
            {c.secondary(), caps.procBased2()}, {c.exit(), caps.exit()}, {c.entry(), caps.entry()}};
        for (long[] p : pairs) {
            assertEquals(VmxCapabilities.mustBeOne(p[1]), p[0] & VmxCapabilities.mustBeOne(p[1]));
            assertEquals(0, p[0] & ~VmxCapabilities.mayBeOne(p[1]));
        }
    }

    @Test
    void computesTheExpectedValuesForAnIntelMac() {
        assertEquals(0x17, c.pinBased()); // default1 bits 1, 2, 4 plus external-interrupt exiting
        assertEquals(0x9401e172L | 1L << 7 | 1L << 10 | 1L << 11 | 1L << 24 | 1L << 29, c.primary());
        assertEquals(0x82L | 1L << 3 | 1L << 12, c.secondary());
        assertEquals(0x36dffL | 1L << 9 | 0xfL << 18, c.exit()); // + host address-space size, PAT and EFER save/load
        assertEquals(0x11ffL | 1L << 14 | 1L << 15, c.entry());
    }

    @Test
    void requiredAndForbiddenBitsComeOutRight() {
        for (VmxControl r : VmxControls.REQUIRED) assertTrue(c.has(r), r.toString());
        for (VmxControl a : VmxControls.ALLOWED) assertFalse(c.has(a), a.toString());
        for (VmxControl f : VmxControls.FORBIDDEN) assertFalse(c.has(f), f.toString());
    }

    @Test
    void aRequiredBitTheCapabilityForbidsIsNamed() {
        long exit = CapabilityFixtures.EXIT & ~(1L << (32 + 9));
        HvfException e = assertThrows(HvfException.class, () -> VmxControls.compute(CapabilityFixtures.withExit(exit)));
        assertEquals("HVF: VM-exit control 'host address-space size' (bit 9) not allowed by capability 0x003f6dff00036dff",
                e.getMessage());
    }

    @Test
    void aForbiddenBitTheCapabilityForcesIsNamed() {
        long proc = CapabilityFixtures.PROCBASED | 1L << 25 | 1L << (32 + 25);
        HvfException e = assertThrows(HvfException.class, () -> VmxControls.compute(CapabilityFixtures.withProcBased(proc)));
        assertEquals("HVF: primary processor-based VM-execution control 'use I/O bitmaps' (bit 25) forced on by "
                + "capability 0xfff9fffe9601e172, but jhyve needs it off", e.getMessage());
    }

    @Test
    void aRunTimeBitTheCapabilityForbidsIsNamedUpFront() {
        long proc = CapabilityFixtures.PROCBASED & ~(1L << (32 + 2));
        HvfException e = assertThrows(HvfException.class, () -> VmxControls.compute(CapabilityFixtures.withProcBased(proc)));
        assertEquals("HVF: primary processor-based VM-execution control 'interrupt-window exiting' (bit 2) not allowed "
                + "by capability 0xfdf9fffa9401e172", e.getMessage());
    }

    @Test
    void ia32eModeGuestFollowsEferLma() {
        assertEquals(c.entry() | 1L << 9, c.entryFor(SpecialRegisters.EFER_LME | SpecialRegisters.EFER_LMA));
        assertEquals(c.entry(), c.entryFor(SpecialRegisters.EFER_LME));
        assertEquals(c.entry(), c.entryFor(0));
    }
}

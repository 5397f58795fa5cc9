package io.jhyve.hv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ExitValuesTest {
    @Test
    void aRepeatedPortAccessReusesItsExitAndAnyDifferenceMakesANewOne() {
        ExitValues values = new ExitValues();
        VcpuExit.PortIo out = values.portIo(0x3f8, 1, true, 1);
        assertEquals(new VcpuExit.PortIo(0x3f8, 1, true, 1), out);
        assertSame(out, values.portIo(0x3f8, 1, true, 1));
        assertNotSame(out, values.portIo(0x3f8, 1, false, 1));
        assertEquals(new VcpuExit.PortIo(0x3f8, 2, true, 1), values.portIo(0x3f8, 2, true, 1));
        assertEquals(new VcpuExit.PortIo(0x3f9, 2, true, 1), values.portIo(0x3f9, 2, true, 1));
        assertEquals(new VcpuExit.PortIo(0x3f9, 2, true, 4), values.portIo(0x3f9, 2, true, 4));
    }

    @Test
    void aRepeatedMmioAccessReusesItsExitOnlyWithTheSameValue() {
        ExitValues values = new ExitValues();
        VcpuExit.Mmio notify = values.mmio(0xd0000050L, 4, true, 0);
        assertSame(notify, values.mmio(0xd0000050L, 4, true, 0));
        assertEquals(new VcpuExit.Mmio(0xd0000050L, 4, true, 1), values.mmio(0xd0000050L, 4, true, 1));
        assertEquals(new VcpuExit.Mmio(0xd0000050L, 4, false, 1), values.mmio(0xd0000050L, 4, false, 1));
        assertEquals(new VcpuExit.Mmio(0xd0000050L, 2, false, 1), values.mmio(0xd0000050L, 2, false, 1));
        assertEquals(new VcpuExit.Mmio(0xd0000054L, 2, false, 1), values.mmio(0xd0000054L, 2, false, 1));
    }
}

package io.jhyve.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.hv.DescriptorTable;
import io.jhyve.hv.Registers;
import io.jhyve.hv.Segment;
import io.jhyve.hv.SpecialRegisters;
import io.jhyve.memory.GuestMemory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Virtual-to-physical translation through hand-built IA-32e page tables, and the HLT check. */
class GuestPageWalkTest {
    static VcpuSnapshot longMode(long rip, long rflags, long cr3) {
        Segment d = Segment.data(0x18);
        SpecialRegisters s = new SpecialRegisters(Segment.code64(0x10), d, d, d, d, d, Segment.tss(0x20, 0, 0x67), d,
                new DescriptorTable(0, 0), new DescriptorTable(0, 0), 0x80050033L, 0, cr3, 0x20, 0, 0xd01, 0);
        return new VcpuSnapshot(0, new Registers(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, rip, rflags), s);
    }

    /** PML4 at 0x1000 -> PDPT at 0x2000 -> PD at 0x3000 with one 2 MiB page, and a PT at 0x4000. */
    private static GuestMemory tables() {
        GuestMemory mem = GuestMemory.onHeap(8 << 20);
        long kernel = 0xffff_ffff_8100_0000L;
        mem.writeU64(0x1000 + 8 * ((kernel >>> 39) & 0x1ff), 0x2000 | 3);
        mem.writeU64(0x2000 + 8 * ((kernel >>> 30) & 0x1ff), 0x3000 | 3);
        mem.writeU64(0x3000 + 8 * ((kernel >>> 21) & 0x1ff), 0x400000 | 0x83);       // 2 MiB page
        mem.writeU64(0x3000 + 8 * (((kernel >>> 21) + 1) & 0x1ff), 0x4000 | 3);     // then a 4 KiB table
        mem.writeU64(0x4000 + 8 * 5, 0x600000 | 3);
        return mem;
    }

    @Test
    void translatesLargeAndSmallPages() {
        GuestMemory mem = tables();
        VcpuSnapshot cpu = longMode(0, 0x2, 0x1000);
        assertEquals(OptionalLong.of(0x412345), GuestPageWalk.translate(mem, cpu, 0xffff_ffff_8101_2345L));
        assertEquals(OptionalLong.of(0x600abc), GuestPageWalk.translate(mem, cpu, 0xffff_ffff_8120_5abcL));
        assertFalse(GuestPageWalk.translate(mem, cpu, 0xffff_ffff_8120_6000L).isPresent(), "not present");
        assertFalse(GuestPageWalk.translate(mem, longMode(0, 2, 0x7ff000), 0x1234).isPresent(), "empty tables");
        assertFalse(GuestPageWalk.translate(mem, longMode(0, 2, 0x7fff_f000L), 0x1234).isPresent(), "CR3 outside RAM");
    }

    @Test
    void haltedMeansHltBeforeRipWithInterruptsOff() {
        GuestMemory mem = tables();
        mem.writeU8(0x412344, 0xf4);
        assertTrue(GuestPageWalk.haltedWithInterruptsOff(mem, longMode(0xffff_ffff_8101_2345L, 0x2, 0x1000)));
        assertFalse(GuestPageWalk.haltedWithInterruptsOff(mem, longMode(0xffff_ffff_8101_2345L, 0x202, 0x1000)), "IF=1");
        assertFalse(GuestPageWalk.haltedWithInterruptsOff(mem, longMode(0xffff_ffff_8101_2346L, 0x2, 0x1000)), "no HLT");
    }
}

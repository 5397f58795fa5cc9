package io.jhyve.hv.hvf;

import static io.jhyve.hv.SpecialRegisters.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jhyve.arch.x86.Layout;
import io.jhyve.arch.x86.PageTables;
import io.jhyve.memory.GuestMemory;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GuestPageWalkerTest {
    private final GuestMemory mem = GuestMemory.onHeap(4 << 20);
    private final GuestPageWalker w = new GuestPageWalker(mem);

    @Test
    void bootIdentityMapWith2MiBPages() {
        mem.write(Layout.PML4, PageTables.identityMap4G());
        long efer = EFER_LME | EFER_LMA;
        assertEquals(OptionalLong.of(0x12_3456), w.translate(0x12_3456, CR0_PE | CR0_PG, Layout.PML4, CR4_PAE, efer));
        assertEquals(OptionalLong.of(0xfee0_0030L), w.translate(0xfee0_0030L, CR0_PE | CR0_PG, Layout.PML4, CR4_PAE, efer));
        assertEquals(OptionalLong.empty(), w.translate(0x1_0000_0000L, CR0_PE | CR0_PG, Layout.PML4, CR4_PAE, efer));
    }

    @Test
    void fourLevelWith4KiBPages() {
        // A kernel-style high mapping: 0xffffffff81000000 -> 0x200000 through PML4[511], PDPT[510], PD[8], PT[0].
        long pml4 = 0x10_0000, pdpt = 0x10_1000, pd = 0x10_2000, pt = 0x10_3000;
        mem.writeU64(pml4 + 511 * 8, pdpt | 3);
        mem.writeU64(pdpt + 510 * 8, pd | 3);
        mem.writeU64(pd + 8 * 8, pt | 3);
        mem.writeU64(pt, 0x20_0000 | 3);
        assertEquals(OptionalLong.of(0x20_0abcL),
                w.translate(0xffff_ffff_8100_0abcL, CR0_PE | CR0_PG, pml4, CR4_PAE, EFER_LME | EFER_LMA));
        assertEquals(OptionalLong.empty(), // PT[1] not present
                w.translate(0xffff_ffff_8100_1000L, CR0_PE | CR0_PG, pml4, CR4_PAE, EFER_LME | EFER_LMA));
    }

    @Test
    void readStopsWhereTheMappingEnds() {
        // 0x7ffff000 -> 0x201000 through PML4[0], PDPT[1], PD[511], PT[511]; the next page is not mapped.
        long pml4 = 0x10_0000, pdpt = 0x10_1000, pd = 0x10_2000, pt = 0x10_3000;
        mem.writeU64(pml4, pdpt | 3);
        mem.writeU64(pdpt + 8, pd | 3);
        mem.writeU64(pd + 511 * 8, pt | 3);
        mem.writeU64(pt + 511 * 8, 0x20_1000 | 3);
        mem.write(0x20_1ffd, new byte[] {(byte) 0x89, 0x07, (byte) 0x90});
        long cr0 = CR0_PE | CR0_PG, efer = EFER_LME | EFER_LMA;
        assertArrayEquals(new byte[] {(byte) 0x89, 0x07, (byte) 0x90}, w.read(0x7fff_fffdL, 15, cr0, pml4, CR4_PAE, efer));
        assertArrayEquals(new byte[] {(byte) 0x89, 0x07}, w.read(0x7fff_fffdL, 2, cr0, pml4, CR4_PAE, efer));
        assertArrayEquals(new byte[0], w.read(0x8000_0000L, 15, cr0, pml4, CR4_PAE, efer));
    }

    @Test
    void thirtyTwoBitAndPaePaging() {
        long pd = 0x20_0000, pt = 0x20_1000;
        mem.writeU32(pd + (0xc000_0000L >>> 22) * 4, pt | 3);
        mem.writeU32(pt + 5 * 4, 0x30_5000 | 3);
        assertEquals(OptionalLong.of(0x30_5123), w.translate(0xc000_5123L, CR0_PE | CR0_PG, pd, 0, 0));
        mem.writeU32(pd + 1 * 4, 0x0040_0000L | 0x83); // a 4 MiB page with CR4.PSE
        assertEquals(OptionalLong.of(0x0040_0010L), w.translate(0x0040_0010L, CR0_PE | CR0_PG, pd, 1L << 4, 0));
        long pdpt = 0x30_0000, paePd = 0x30_1000;
        mem.writeU64(pdpt + 3 * 8, paePd | 1);
        mem.writeU64(paePd + 1 * 8, 0x0020_0000L | 0x83); // 2 MiB page
        assertEquals(OptionalLong.of(0x0020_0042L), w.translate(0xc020_0042L, CR0_PE | CR0_PG, pdpt, CR4_PAE, 0));
    }

    @Test
    void pagingOffIsIdentityAndTablesOutsideRamAreNotPresent() {
        assertEquals(OptionalLong.of(0xb8000), w.translate(0xb8000, CR0_PE, 0, 0, 0));
        assertEquals(OptionalLong.empty(), w.translate(0x1000, CR0_PE | CR0_PG, 0x8000_0000L, CR4_PAE, EFER_LMA));
    }
}

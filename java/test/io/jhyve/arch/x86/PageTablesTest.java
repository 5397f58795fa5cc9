package io.jhyve.arch.x86;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PageTablesTest {
    private final ByteBuffer t = ByteBuffer.wrap(PageTables.identityMap4G()).order(ByteOrder.LITTLE_ENDIAN);

    private long entry(long table, int index) {
        return t.getLong((int) (table - Layout.PML4) + 8 * index);
    }

    /** Walks the tables like the MMU (SDM Vol. 3 §4.5.4) for a 2 MiB mapping. */
    private long translate(long va) {
        long pml4e = entry(Layout.PML4, (int) (va >>> 39) & 0x1ff);
        long pdpte = entry(pml4e & ~0xfffL, (int) (va >>> 30) & 0x1ff);
        long pde = entry(pdpte & ~0xfffL, (int) (va >>> 21) & 0x1ff);
        assertEquals(0x83, pde & 0x83, "PDE must be present, writable, 2 MiB");
        return (pde & ~0x1fffffL) | (va & 0x1fffff);
    }

    @Test
    void tablesAreWhereLayoutSays() {
        assertEquals(6 * 4096, t.capacity());
        assertEquals(0xa003, entry(Layout.PML4, 0));
        assertEquals(0, entry(Layout.PML4, 1));
        assertEquals(0xb003, entry(Layout.PDPT, 0));
        assertEquals(0xe003, entry(Layout.PDPT, 3));
        assertEquals(0, entry(Layout.PDPT, 4));
        assertEquals(0x83, entry(Layout.PD, 0));
        assertEquals(0x200083, entry(Layout.PD, 1));
        assertEquals(0xffe00083L, entry(Layout.PD + 3 * 4096, 511));
    }

    @Test
    void identityMapsTheFirstFourGib() {
        for (long va : new long[] {0, 0x7000, 0x1000200, 0x3fffffffL, 0xc0000000L, 0xfec00000L, 0xfee00300L,
                0xffffffffL}) {
            assertEquals(va, translate(va), Long.toHexString(va));
        }
    }
}

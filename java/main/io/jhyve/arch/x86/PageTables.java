package io.jhyve.arch.x86;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 4-level page tables the 64-bit entry runs on: an identity map of the first 4 GiB with 2 MiB
 * pages (SDM Vol. 3 §4.5). boot.rst ("64-bit Boot Protocol") only asks for the kernel's init_size
 * range, the zero page and the command line to be identity-mapped; mapping all of 0..4 GiB also
 * covers the initrd and the LAPIC/IOAPIC MMIO the kernel may touch before it switches to its own
 * tables. 2 MiB pages are in every x86-64 CPU, unlike 1 GiB pages (CPUID PDPE1GB).
 *
 * <p>The tables occupy {@link #TOTAL_SIZE} bytes from {@link Layout#PML4}: PML4, PDPT, then
 * {@link #PD_COUNT} page directories. All entries are supervisor, read/write, write-back cached;
 * the MMIO part is cacheable here too, which is harmless because Linux replaces these tables in
 * startup_64 before it touches a device.
 */
public final class PageTables {
    /** One page directory maps 1 GiB; four cover 0..4 GiB. */
    public static final int PD_COUNT = 4;
    public static final long TOTAL_SIZE = (2 + PD_COUNT) * Layout.PAGE_SIZE;
    public static final long MAPPED_BYTES = PD_COUNT * (1L << 30);

    // Paging-structure entry bits (SDM Vol. 3 §4.5, Tables 4-15..4-18).
    public static final long PTE_PRESENT = 1L, PTE_WRITABLE = 1L << 1, PTE_PAGE_SIZE = 1L << 7;

    private static final long LARGE_PAGE = 2L << 20;
    private static final int ENTRIES = 512;

    static {
        if (Layout.PDPT != Layout.PML4 + Layout.PAGE_SIZE || Layout.PD != Layout.PDPT + Layout.PAGE_SIZE) {
            throw new AssertionError("Layout must place PML4, PDPT and the PDs in consecutive pages");
        }
    }

    private PageTables() { }

    /** The table bytes to write at {@link Layout#PML4}; CR3 is {@link Layout#PML4}. */
    public static byte[] identityMap4G() {
        ByteBuffer b = ByteBuffer.allocate((int) TOTAL_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, Layout.PDPT | PTE_PRESENT | PTE_WRITABLE);
        for (int i = 0; i < PD_COUNT; i++) {
            long pd = Layout.PD + i * Layout.PAGE_SIZE;
            b.putLong((int) Layout.PAGE_SIZE + 8 * i, pd | PTE_PRESENT | PTE_WRITABLE);
        }
        for (int i = 0; i < PD_COUNT * ENTRIES; i++) {
            long frame = i * LARGE_PAGE;
            b.putLong((int) (2 * Layout.PAGE_SIZE) + 8 * i, frame | PTE_PRESENT | PTE_WRITABLE | PTE_PAGE_SIZE);
        }
        return b.array();
    }
}

package io.jhyve.hv.hvf;

import io.jhyve.hv.SpecialRegisters;
import io.jhyve.memory.GuestMemory;
import java.util.OptionalLong;

/**
 * Translates a guest linear address to a guest-physical one by walking the guest's page tables in
 * guest RAM (Intel SDM Vol. 3A §4.3 32-bit paging, §4.4 PAE paging, §4.5 4-level paging), as jhyve
 * must to fetch the instruction behind an MMIO exit and to find string-I/O buffers. Only presence
 * and page size matter here: permission checks were made by the processor when the access faulted.
 * A table outside guest RAM or a not-present entry gives an empty result, never an exception.
 */
public final class GuestPageWalker {
    private static final long P = 1, PS = 1L << 7;
    private static final long ADDR_4K = 0x000f_ffff_ffff_f000L;
    private static final long CR4_PSE = 1L << 4;

    private final GuestMemory memory;

    public GuestPageWalker(GuestMemory memory) {
        this.memory = memory;
    }

    /** The guest-physical address of {@code linear} under the given CR0, CR3, CR4 and EFER. */
    public OptionalLong translate(long linear, long cr0, long cr3, long cr4, long efer) {
        if ((cr0 & SpecialRegisters.CR0_PG) == 0) return OptionalLong.of(linear & 0xffff_ffffL);
        if ((efer & SpecialRegisters.EFER_LMA) != 0) return walk64(linear, cr3);
        if ((cr4 & SpecialRegisters.CR4_PAE) != 0) return walkPae(linear & 0xffff_ffffL, cr3);
        return walk32(linear & 0xffff_ffffL, cr3, (cr4 & CR4_PSE) != 0);
    }

    /**
     * Up to {@code max} bytes of guest RAM from {@code linear} on, byte by byte, stopping where the
     * mapping or RAM ends: the instruction bytes behind an exit, which may cross into a page that
     * is not there.
     */
    public byte[] read(long linear, int max, long cr0, long cr3, long cr4, long efer) {
        byte[] buf = new byte[max];
        int n = 0;
        while (n < max) {
            OptionalLong gpa = translate(linear + n, cr0, cr3, cr4, efer);
            if (gpa.isEmpty() || !memory.isRam(gpa.getAsLong(), 1)) break;
            buf[n++] = (byte) memory.readU8(gpa.getAsLong());
        }
        return n == max ? buf : java.util.Arrays.copyOf(buf, n);
    }

    /** 4-level paging: PML4 -> PDPT (1 GiB pages) -> PD (2 MiB pages) -> PT. */
    private OptionalLong walk64(long linear, long cr3) {
        long table = cr3 & ADDR_4K;
        for (int level = 3; level >= 0; level--) {
            int shift = 12 + 9 * level;
            long entry = read64(table + ((linear >>> shift) & 0x1ff) * 8);
            if ((entry & P) == 0) return OptionalLong.empty();
            if (level == 0 || ((level == 1 || level == 2) && (entry & PS) != 0)) {
                long pageMask = (1L << shift) - 1;
                return OptionalLong.of((entry & ADDR_4K & ~pageMask) | (linear & pageMask));
            }
            table = entry & ADDR_4K;
        }
        return OptionalLong.empty();
    }

    /** PAE paging: 4 PDPTEs at CR3[31:5] -> PD (2 MiB pages) -> PT. */
    private OptionalLong walkPae(long linear, long cr3) {
        long pdpte = read64((cr3 & 0xffff_ffe0L) + ((linear >>> 30) & 3) * 8);
        if ((pdpte & P) == 0) return OptionalLong.empty();
        long pde = read64((pdpte & ADDR_4K) + ((linear >>> 21) & 0x1ff) * 8);
        if ((pde & P) == 0) return OptionalLong.empty();
        if ((pde & PS) != 0) return OptionalLong.of((pde & ADDR_4K & ~0x1f_ffffL) | (linear & 0x1f_ffff));
        long pte = read64((pde & ADDR_4K) + ((linear >>> 12) & 0x1ff) * 8);
        if ((pte & P) == 0) return OptionalLong.empty();
        return OptionalLong.of((pte & ADDR_4K) | (linear & 0xfff));
    }

    /** 32-bit paging: PD -> PT, or 4 MiB pages with CR4.PSE (bits 20:13 of the PDE give address bits 39:32). */
    private OptionalLong walk32(long linear, long cr3, boolean pse) {
        long pde = read32((cr3 & 0xffff_f000L) + ((linear >>> 22) & 0x3ff) * 4);
        if ((pde & P) == 0) return OptionalLong.empty();
        if (pse && (pde & PS) != 0) {
            long high = ((pde >>> 13) & 0xff) << 32;
            return OptionalLong.of(high | (pde & 0xffc0_0000L) | (linear & 0x3f_ffff));
        }
        long pte = read32((pde & 0xffff_f000L) + ((linear >>> 12) & 0x3ff) * 4);
        if ((pte & P) == 0) return OptionalLong.empty();
        return OptionalLong.of((pte & 0xffff_f000L) | (linear & 0xfff));
    }

    /** An entry, or 0 (not present) when the table lies outside guest RAM. */
    private long read64(long gpa) {
        return memory.isRam(gpa, 8) ? memory.readU64(gpa) : 0;
    }

    private long read32(long gpa) {
        return memory.isRam(gpa, 4) ? memory.readU32(gpa) : 0;
    }
}

package io.jhyve.diag;

import io.jhyve.memory.GuestMemory;
import java.util.OptionalLong;

/**
 * Translates a guest-virtual address the way the vCPU's MMU would, to read the instruction at RIP
 * after a run: 4-level (or, with CR4.LA57, 5-level) IA-32e paging with 1 GiB and 2 MiB pages
 * (SDM Vol. 3 §4.5), or none when CR0.PG is clear. Legacy 32-bit paging is not needed for the
 * reports that use this and gives "unknown". Tables outside RAM give "unknown", never an exception.
 */
public final class GuestPageWalk {
    private static final long CR4_LA57 = 1L << 12;
    private static final long PTE_P = 1, PTE_PS = 1L << 7;
    private static final long ADDR_MASK = 0x000f_ffff_ffff_f000L;

    private GuestPageWalk() { }

    public static OptionalLong translate(GuestMemory memory, VcpuSnapshot cpu, long vaddr) {
        if (!cpu.sregs().paging()) return OptionalLong.of(vaddr);
        if (!cpu.sregs().longMode()) return OptionalLong.empty();
        int levels = (cpu.sregs().cr4() & CR4_LA57) != 0 ? 5 : 4;
        long table = cpu.sregs().cr3() & ADDR_MASK;
        for (int level = levels; level >= 1; level--) {
            int shift = 12 + 9 * (level - 1);
            long entryAddr = table + ((vaddr >>> shift) & 0x1ff) * 8;
            if (!memory.isRam(entryAddr, 8)) return OptionalLong.empty();
            long entry = memory.readU64(entryAddr);
            if ((entry & PTE_P) == 0) return OptionalLong.empty();
            boolean leaf = level == 1 || ((level == 2 || level == 3) && (entry & PTE_PS) != 0);
            if (leaf) {
                long pageMask = (1L << shift) - 1;
                return OptionalLong.of((entry & ADDR_MASK & ~pageMask) | (vaddr & pageMask));
            }
            table = entry & ADDR_MASK;
        }
        return OptionalLong.empty();
    }

    /** True when the byte before RIP is HLT (0xF4) and the vCPU has interrupts off: stopped for good. */
    public static boolean haltedWithInterruptsOff(GuestMemory memory, VcpuSnapshot cpu) {
        if (cpu.interruptsEnabled()) return false;
        OptionalLong pa = translate(memory, cpu, cpu.regs().rip() - 1);
        return pa.isPresent() && memory.isRam(pa.getAsLong(), 1) && memory.readU8(pa.getAsLong()) == 0xf4;
    }
}

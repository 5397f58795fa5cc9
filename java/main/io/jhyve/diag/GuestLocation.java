package io.jhyve.diag;

/**
 * Where in a Linux boot a vCPU was, from its mode and RIP alone. The bzImage decompressor runs
 * identity-mapped in long mode below 4 GiB (arch/x86/boot/compressed); the kernel proper runs at
 * __START_KERNEL_map, 0xffffffff80000000 and up (Documentation/arch/x86/x86_64/mm.rst); userspace
 * runs at CPL 3. Before userspace starts, the kernel is "early".
 */
public enum GuestLocation {
    REAL_MODE("in real mode"),
    BOOT_32("in 32-bit boot code"),
    DECOMPRESSOR("in the decompressor or boot code (identity-mapped)"),
    EARLY_KERNEL("in the early kernel"),
    KERNEL("in the kernel"),
    USERSPACE("in userspace");

    /** __START_KERNEL_map: the kernel image's virtual base on x86-64. */
    static final long START_KERNEL_MAP = 0xffff_ffff_8000_0000L;
    private static final long IDENTITY_LIMIT = 1L << 32;

    private final String words;

    GuestLocation(String words) {
        this.words = words;
    }

    public String words() { return words; }

    public static GuestLocation of(VcpuSnapshot cpu, boolean userspaceStarted) {
        if (!cpu.sregs().protectedMode()) return REAL_MODE;
        if (!cpu.sregs().longMode()) return BOOT_32;
        if (cpu.cpl() == 3) return USERSPACE;
        long rip = cpu.regs().rip();
        if (Long.compareUnsigned(rip, IDENTITY_LIMIT) < 0) return DECOMPRESSOR;
        if (Long.compareUnsigned(rip, START_KERNEL_MAP) >= 0 && !userspaceStarted) return EARLY_KERNEL;
        return KERNEL;
    }
}

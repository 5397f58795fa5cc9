package io.jhyve.arch.x86;

/**
 * Where jhyve puts things in guest-physical memory when it boots Linux. One table, so that every
 * address the boot code writes to is visible and checked for overlaps in one place
 * ({@code LayoutTest}).
 *
 * <pre>
 *   0x00000 - 0x004ff  real-mode IVT and BIOS data area: left untouched (zero)
 *   0x00500 - 0x0052f  GDT: null, CODE32, __BOOT_CS, __BOOT_DS, 16-byte TSS descriptor
 *   0x06000 - 0x06037  PVH only: struct hvm_start_info
 *   0x06040 - 0x0605f  PVH only: hvm_modlist_entry for the initrd
 *   0x06080 - 0x06c7f  PVH only: hvm_memmap_table_entry[128]
 *   0x07000 - 0x07fff  zero page (struct boot_params)
 *   0x08000 - 0x08fff  boot stack, RSP/ESP starts at 0x9000 and grows down
 *   0x09000 - 0x09fff  PML4
 *   0x0a000 - 0x0afff  PDPT
 *   0x0b000 - 0x0efff  four page directories: 2 MiB pages identity-mapping 0..4 GiB
 *   0x20000 - 0x2ffff  kernel command line (NUL-terminated)
 *   0x9fc00 - 0xdffff  EBDA, VGA hole, option ROMs: E820 reserved, never written
 *   0xe0000 - 0xfffff  ACPI tables, RSDP first (E820 reserved, in the BIOS area OSes scan)
 *   0x100000           protected-mode kernel (default; pref_address for relocatable kernels)
 *   (high, below 3 GiB) initrd, as high as the kernel allows
 *   0xd0000000         virtio-mmio register windows, one 4 KiB page each (VirtioMmioSlots)
 *   0xfffbc000         KVM identity-map page (KVM_SET_IDENTITY_MAP_ADDR), in the MMIO hole
 *   0xfffbd000         KVM TSS, three pages (KVM_SET_TSS_ADDR), in the MMIO hole
 * </pre>
 *
 * Everything jhyve writes sits below the EBDA at 0x9fc00, the ceiling boot.rst ("Memory Layout")
 * asks loaders to stay under. None of it needs to survive early boot: see {@code E820Map} for why
 * these pages may stay E820 RAM.
 */
public final class Layout {
    private Layout() { }

    public static final long PAGE_SIZE = 0x1000;

    public static final long GDT = 0x500;

    public static final long PVH_START_INFO = 0x6000;
    public static final long PVH_MODLIST = 0x6040;
    public static final long PVH_MEMMAP = 0x6080;

    public static final long ZERO_PAGE = 0x7000;

    public static final long BOOT_STACK_BOTTOM = 0x8000;
    /** Initial stack pointer; the stack grows down from here into [BOOT_STACK_BOTTOM, BOOT_STACK_TOP). */
    public static final long BOOT_STACK_TOP = 0x9000;

    public static final long PML4 = 0x9000;
    public static final long PDPT = 0xa000;
    /** First of {@link PageTables#PD_COUNT} consecutive page directories. */
    public static final long PD = 0xb000;

    public static final long CMDLINE = 0x20000;
    /** Room for the command line including its terminating NUL. */
    public static final long CMDLINE_MAX = 0x10000;

    /** Start of the Extended BIOS Data Area on a PC: the top of usable conventional memory. */
    public static final long EBDA_START = 0x9fc00;
    /**
     * The ACPI tables (see {@code acpi.AcpiTables}), RSDP first: the RSDP must lie on a 16-byte
     * boundary in 0xE0000-0xFFFFF for an OS that scans for it (ACPI 6.4 §5.2.5.1).
     */
    public static final long ACPI_TABLES = 0xe0000;
    public static final long ACPI_TABLES_END = 0x100000;

    /** 1 MiB: where "high memory", and so the bzImage protected-mode kernel, starts. */
    public static final long HIMEM_START = 0x100000;

    /** KVM's real-mode identity-map page (one page), kept out of guest RAM in the MMIO hole. */
    public static final long KVM_IDENTITY_MAP = 0xfffb_c000L;
    /** KVM's three-page TSS for real-mode emulation, right after the identity-map page. */
    public static final long KVM_TSS = 0xfffb_d000L;
    public static final long KVM_TSS_SIZE = 3 * PAGE_SIZE;
}

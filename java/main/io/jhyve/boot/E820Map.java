package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;
import io.jhyve.boot.BootProtocolException.Rule;

import java.util.ArrayList;
import java.util.List;

/**
 * The BIOS-style physical memory map (ACPI spec §15, "System Address Map Interfaces") jhyve hands to
 * Linux: in the zero page's e820_table for the 64-bit boot protocol, and as the hvm_start_info
 * memmap for PVH (whose types are the same numbers).
 *
 * <p>Shape, for RAM laid out by {@code RamLayout}:
 * <pre>
 *   [0, 0x9fc00)         RAM        conventional memory
 *   [0x9fc00, 0x100000)  reserved   EBDA, VGA hole and BIOS ROM of a PC
 *   [1 MiB, end of low)  RAM
 *   [4 GiB, ...)         RAM        any RAM above the 3-4 GiB MMIO hole
 * </pre>
 *
 * <p>The boot structures jhyve writes below 0x9fc00 (GDT, zero page, stack, page tables, command
 * line; see {@link Layout}) stay E820 RAM on purpose. None is needed once the kernel is running:
 * the kernel copies the zero page and the command line into its own memory in its first C code
 * (x86_64_start_kernel) before any allocator exists, the decompressor's KASLR avoids both, and both
 * stages load their own GDT and page tables first thing in startup_64. The kernel also never
 * allocates from the first 64 KiB (X86_RESERVE_LOW; since Linux 5.13 it reserves all of the first
 * MiB). Marking them reserved instead would take away the sub-1 MiB RAM Linux needs for its
 * real-mode trampoline, which starts the secondary CPUs.
 */
public record E820Map(List<Entry> entries) {
    public static final int E820_RAM = 1, E820_RESERVED = 2, E820_ACPI = 3, E820_NVS = 4;
    /** Capacity of boot_params.e820_table (arch/x86/include/uapi/asm/bootparam.h). */
    public static final int E820_MAX_ENTRIES_ZEROPAGE = 128;
    /** Bytes per entry in e820_table: u64 addr, u64 size, u32 type, packed. */
    public static final int ENTRY_SIZE = 20;

    /** One range of the map. */
    public record Entry(long addr, long size, int type) {
        public long end() { return addr + size; }

        public String typeName() {
            switch (type) {
                case E820_RAM: return "RAM";
                case E820_RESERVED: return "reserved";
                case E820_ACPI: return "ACPI";
                case E820_NVS: return "NVS";
                default: return "type " + type;
            }
        }

        @Override
        public String toString() { return String.format("[0x%012x-0x%012x) %s", addr, end(), typeName()); }
    }

    public E820Map {
        entries = List.copyOf(entries);
        if (entries.size() > E820_MAX_ENTRIES_ZEROPAGE) {
            throw new BootProtocolException(Rule.RAM_LAYOUT, null, String.format(
                    "memory map of %d entries exceeds the zero page's %d (E820_MAX_ENTRIES_ZEROPAGE)",
                    entries.size(), E820_MAX_ENTRIES_ZEROPAGE));
        }
    }

    /** The map for guest RAM {@code ram}, whose first range must start at 0 and reach past 1 MiB. */
    public static E820Map forRam(List<RamRange> ram) {
        if (ram.isEmpty() || ram.get(0).base() != 0 || ram.get(0).end() <= Layout.HIMEM_START) {
            throw new BootProtocolException(Rule.RAM_LAYOUT, null, "guest RAM " + ram
                    + " has no range from 0 past 1 MiB: Linux needs low memory and RAM above 1 MiB");
        }
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(0, Layout.EBDA_START, E820_RAM));
        entries.add(new Entry(Layout.EBDA_START, Layout.HIMEM_START - Layout.EBDA_START, E820_RESERVED));
        entries.add(new Entry(Layout.HIMEM_START, ram.get(0).end() - Layout.HIMEM_START, E820_RAM));
        for (RamRange r : ram.subList(1, ram.size())) entries.add(new Entry(r.base(), r.size(), E820_RAM));
        return new E820Map(entries);
    }

    /** Total bytes of type RAM. */
    public long ramBytes() {
        return entries.stream().filter(e -> e.type() == E820_RAM).mapToLong(Entry::size).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) sb.append(sb.length() == 0 ? "" : "\n").append(e);
        return sb.toString();
    }
}

package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds the PVH start-of-day block (Xen public/arch-x86/hvm/start_info.h): struct hvm_start_info
 * at {@link Layout#PVH_START_INFO}, one hvm_modlist_entry for the initrd at
 * {@link Layout#PVH_MODLIST} and the hvm_memmap_table_entry array at {@link Layout#PVH_MEMMAP},
 * as one byte block to write at {@link Layout#PVH_START_INFO}. Version 1, because only version 1
 * carries the memory map, without which Linux would ask a Xen hypervisor for one.
 */
public final class HvmStartInfo {
    public static final int XEN_HVM_START_MAGIC_VALUE = 0x336ec578;
    public static final int VERSION = 1;

    // struct hvm_start_info offsets.
    public static final int MAGIC = 0x00, VERSION_OFFSET = 0x04, FLAGS = 0x08, NR_MODULES = 0x0c,
            MODLIST_PADDR = 0x10, CMDLINE_PADDR = 0x18, RSDP_PADDR = 0x20, MEMMAP_PADDR = 0x28,
            MEMMAP_ENTRIES = 0x30, RESERVED = 0x34, SIZE = 0x38;
    /** sizeof(struct hvm_modlist_entry): paddr, size, cmdline_paddr, reserved, all u64. */
    public static final int MODLIST_ENTRY_SIZE = 0x20;
    /** sizeof(struct hvm_memmap_table_entry): u64 addr, u64 size, u32 type, u32 reserved. */
    public static final int MEMMAP_ENTRY_SIZE = 0x18;

    static {
        if (Layout.PVH_MODLIST < Layout.PVH_START_INFO + SIZE
                || Layout.PVH_MEMMAP < Layout.PVH_MODLIST + MODLIST_ENTRY_SIZE) {
            throw new AssertionError("Layout's PVH areas overlap");
        }
    }

    private HvmStartInfo() { }

    /** The bytes to write at {@link Layout#PVH_START_INFO} for {@code plan}. */
    public static byte[] build(BootSummary plan) {
        int memmapOffset = (int) (Layout.PVH_MEMMAP - Layout.PVH_START_INFO);
        int modlistOffset = (int) (Layout.PVH_MODLIST - Layout.PVH_START_INFO);
        int entries = plan.e820().entries().size();
        ByteBuffer b = ByteBuffer.allocate(memmapOffset + entries * MEMMAP_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC, XEN_HVM_START_MAGIC_VALUE);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putLong(CMDLINE_PADDR, plan.cmdlineAddress());
        // The machine builder writes the ACPI tables, RSDP first, at Layout.ACPI_TABLES.
        b.putLong(RSDP_PADDR, Layout.ACPI_TABLES);
        plan.initrd().ifPresent(initrd -> {
            b.putInt(NR_MODULES, 1);
            b.putLong(MODLIST_PADDR, Layout.PVH_MODLIST);
            b.putLong(modlistOffset, initrd.address());
            b.putLong(modlistOffset + 8, initrd.size());
        });
        b.putLong(MEMMAP_PADDR, Layout.PVH_MEMMAP);
        b.putInt(MEMMAP_ENTRIES, entries);
        int at = memmapOffset;
        for (E820Map.Entry e : plan.e820().entries()) {
            b.putLong(at, e.addr());
            b.putLong(at + 8, e.size());
            b.putInt(at + 16, e.type());
            at += MEMMAP_ENTRY_SIZE;
        }
        return b.array();
    }
}

package io.jhyve.boot;

import io.jhyve.arch.x86.Layout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builds struct boot_params, the "zero page" (Documentation/arch/x86/zero-page.rst), for the 64-bit
 * boot protocol: all zero, the kernel's setup header copied to 0x1f1 (boot.rst "64-bit Boot
 * Protocol"), then the fields a loader writes.
 */
public final class ZeroPage {
    public static final int SIZE = 4096;

    // boot_params offsets outside the setup header (zero-page.rst).
    public static final int ACPI_RSDP_ADDR = 0x070, EXT_RAMDISK_IMAGE = 0x0c0, EXT_RAMDISK_SIZE = 0x0c4, EXT_CMD_LINE_PTR = 0x0c8,
            E820_ENTRIES = 0x1e8, SENTINEL = 0x1ef, E820_TABLE = 0x2d0;

    /** type_of_loader "0xFF = undefined": jhyve has no assigned boot loader id (boot.rst table). */
    public static final int LOADER_ID_UNDEFINED = 0xff;
    /** vid_mode "normal" (boot.rst "vga="); only the real-mode setup we skip would act on it. */
    public static final int VID_MODE_NORMAL = 0xffff;
    /** hardware_subarch X86_SUBARCH_PC: "the default x86/PC environment". */
    public static final int X86_SUBARCH_PC = 0;

    private ZeroPage() { }

    /** The 4096 bytes of boot_params for {@code kernel} placed as {@code plan} says. */
    public static byte[] build(BzImage kernel, BootSummary plan) {
        ByteBuffer zp = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        // The sentinel at 0x1ef stays 0: the copy starts at 0x1f1, and a nonzero sentinel would make
        // the kernel assume a loader copied garbage into boot_params and wipe fields.
        zp.put(SetupHeader.SETUP_SECTS, kernel.setupHeaderBytes());
        zp.putShort(SetupHeader.VID_MODE, (short) VID_MODE_NORMAL);
        zp.put(SetupHeader.TYPE_OF_LOADER, (byte) LOADER_ID_UNDEFINED);
        // LOADED_HIGH is the kernel's own (read) bit. CAN_USE_HEAP stays clear because heap_end_ptr
        // only matters to the real-mode setup code the 64-bit entry skips; KEEP_SEGMENTS is
        // obsolete; QUIET_FLAG clear keeps early messages; KASLR_FLAG is kernel-internal.
        zp.put(SetupHeader.LOADFLAGS, (byte) SetupHeader.LOADED_HIGH);
        zp.putShort(SetupHeader.HEAP_END_PTR, (short) 0);
        // boot.rst "code32_start": a loader that puts a relocatable kernel elsewhere must update it.
        zp.putInt(SetupHeader.CODE32_START, (int) plan.kernel().loadAddress());
        putSplit(zp, SetupHeader.CMD_LINE_PTR, EXT_CMD_LINE_PTR, plan.cmdlineAddress());
        long initrdAddress = plan.initrd().map(InitrdPlacement::address).orElse(0L);
        long initrdSize = plan.initrd().map(InitrdPlacement::size).orElse(0L);
        putSplit(zp, SetupHeader.RAMDISK_IMAGE, EXT_RAMDISK_IMAGE, initrdAddress);
        putSplit(zp, SetupHeader.RAMDISK_SIZE, EXT_RAMDISK_SIZE, initrdSize);
        zp.putInt(SetupHeader.HARDWARE_SUBARCH, X86_SUBARCH_PC);
        zp.putLong(SetupHeader.SETUP_DATA, 0);
        // The machine builder writes the ACPI tables, RSDP first, at Layout.ACPI_TABLES. Linux would
        // also find the RSDP by scanning the BIOS area; saying where it is spares the scan.
        zp.putLong(ACPI_RSDP_ADDR, Layout.ACPI_TABLES);
        putE820(zp, plan.e820());
        return zp.array();
    }

    /** A 64-bit value split into the 32-bit header field and its ext_* high half (protocol 2.12). */
    private static void putSplit(ByteBuffer zp, int lowOffset, int highOffset, long value) {
        zp.putInt(lowOffset, (int) value);
        zp.putInt(highOffset, (int) (value >>> 32));
    }

    private static void putE820(ByteBuffer zp, E820Map map) {
        zp.put(E820_ENTRIES, (byte) map.entries().size());
        int at = E820_TABLE;
        for (E820Map.Entry e : map.entries()) {
            zp.putLong(at, e.addr());
            zp.putLong(at + 8, e.size());
            zp.putInt(at + 16, e.type());
            at += E820Map.ENTRY_SIZE;
        }
    }
}

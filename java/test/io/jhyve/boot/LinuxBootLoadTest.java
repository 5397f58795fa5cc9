package io.jhyve.boot;

import io.jhyve.arch.x86.Gdt;
import io.jhyve.arch.x86.Layout;
import io.jhyve.arch.x86.PageTables;
import io.jhyve.memory.GuestMemory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What {@link LinuxBoot#load} writes, read back from heap-backed guest memory at the spec's offsets. */
class LinuxBootLoadTest {
    private static final int MIB = 1 << 20;
    private final GuestMemory mem = GuestMemory.onHeap(64 * MIB);

    @AfterEach
    void close() { mem.close(); }

    private BootResult loadBzImage(byte[] initrd) {
        return LinuxBoot.load(mem, new SyntheticBzImage().parse(), initrd, "/x/initrd.img", "console=ttyS0 quiet");
    }

    @Test
    void zeroPageCarriesTheHeaderAndTheLoaderFields() {
        byte[] file = new SyntheticBzImage().build();
        LinuxBoot.load(mem, BzImage.parse("/x/vmlinuz", file), new byte[5000], "rd", "console=ttyS0 quiet");
        long zp = Layout.ZERO_PAGE;
        assertEquals(0, mem.readU8(zp + ZeroPage.SENTINEL));
        assertEquals(0xe0000, mem.readU64(zp + 0x070));         // acpi_rsdp_addr: Layout.ACPI_TABLES
        assertEquals(4, mem.readU8(zp + 0x1f1));                // setup_sects
        assertEquals(0xAA55, mem.readU16(zp + 0x1fe));          // boot_flag
        assertEquals(0x53726448, mem.readU32(zp + 0x202));      // "HdrS"
        assertEquals(0x020f, mem.readU16(zp + 0x206));          // version
        assertEquals(0xffff, mem.readU16(zp + 0x1fa));          // vid_mode "normal"
        assertEquals(0xff, mem.readU8(zp + 0x210));             // type_of_loader: undefined
        assertEquals(SetupHeader.LOADED_HIGH, mem.readU8(zp + 0x211));
        assertEquals(0x1000000, mem.readU32(zp + 0x214));       // code32_start = load address
        assertEquals(64 * MIB - 0x2000, mem.readU32(zp + 0x218)); // ramdisk_image
        assertEquals(5000, mem.readU32(zp + 0x21c));            // ramdisk_size
        assertEquals(0, mem.readU32(zp + 0x0c0));               // ext_ramdisk_image
        assertEquals(0, mem.readU32(zp + 0x0c4));               // ext_ramdisk_size
        assertEquals(0x20000, mem.readU32(zp + 0x228));         // cmd_line_ptr
        assertEquals(0, mem.readU32(zp + 0x0c8));               // ext_cmd_line_ptr
        assertEquals(0x7fffffffL, mem.readU32(zp + 0x22c));     // initrd_addr_max, copied
        assertEquals(2047, mem.readU32(zp + 0x238));            // cmdline_size, copied
        assertEquals(0x800000, mem.readU32(zp + 0x260));        // init_size, copied
        assertEquals(0, mem.readU64(zp + 0x250));               // setup_data
        // Everything a loader does not write stays zero, e.g. screen_info and the gap after the header.
        assertArrayEquals(new byte[0x70], mem.read(zp, 0x70));
        assertArrayEquals(new byte[0xc0 - 0x78], mem.read(zp + 0x78, 0xc0 - 0x78));
        assertArrayEquals(new byte[0x2d0 - 0x26c], mem.read(zp + 0x26c, 0x2d0 - 0x26c));
    }

    @Test
    void zeroPageHoldsTheE820Table() {
        loadBzImage(null);
        long zp = Layout.ZERO_PAGE;
        assertEquals(3, mem.readU8(zp + 0x1e8));
        long[][] expected = {{0, 0x9fc00, 1}, {0x9fc00, 0x60400, 2}, {0x100000, 63L * MIB, 1}};
        for (int i = 0; i < expected.length; i++) {
            long e = zp + 0x2d0 + 20L * i;
            assertEquals(expected[i][0], mem.readU64(e));
            assertEquals(expected[i][1], mem.readU64(e + 8));
            assertEquals(expected[i][2], mem.readU32(e + 16));
        }
        assertEquals(0, mem.readU64(zp + 0x2d0 + 20L * 3));
        assertEquals(0, mem.readU32(zp + 0x218)); // no initrd
        assertEquals(0, mem.readU32(zp + 0x21c));
    }

    @Test
    void writesKernelCommandLineInitrdGdtAndPageTables() {
        byte[] initrd = new byte[3 * 4096 + 17];
        for (int i = 0; i < initrd.length; i++) initrd[i] = (byte) (i ^ 0x5a);
        BootResult r = loadBzImage(initrd);
        byte[] payload = mem.read(0x1000000, 0x3000);
        for (int i = 0; i < payload.length; i++) assertEquals(SyntheticBzImage.payloadByte(i), payload[i], "payload byte " + i);
        assertArrayEquals("console=ttyS0 quiet\0".getBytes(StandardCharsets.US_ASCII), mem.read(0x20000, 20));
        assertArrayEquals(initrd, mem.read(r.summary().initrd().orElseThrow().address(), initrd.length));
        assertArrayEquals(Gdt.bytes(), mem.read(Layout.GDT, Gdt.SIZE));
        assertArrayEquals(PageTables.identityMap4G(), mem.read(Layout.PML4, (int) PageTables.TOTAL_SIZE));
        assertEquals(0x1000200, r.cpu().regs().rip());
        assertEquals(Layout.ZERO_PAGE, r.cpu().regs().rsi());
    }

    @Test
    void reloadingLeavesNoStaleBootData() {
        mem.fill(Layout.ZERO_PAGE, ZeroPage.SIZE, 0xee);
        loadBzImage(null);
        assertEquals(0, mem.readU64(Layout.ZERO_PAGE));
        assertEquals(0, mem.readU64(Layout.ZERO_PAGE + ZeroPage.SIZE - 8));
    }

    @Test
    void writesNothingWhenThePlanFails() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.cmdlineSize = 3;
        assertThrows(BootProtocolException.class, () -> LinuxBoot.load(mem, k.parse(), null, null, "toolong"));
        assertEquals(0, mem.readU64(Layout.GDT));
        assertEquals(0, mem.readU64(0x1000000));
    }

    @Test
    void pvhLoadsSegmentsAndStartInfo() {
        byte[] initrd = new byte[8192];
        mem.fill(0x1000000, 0x5000, 0xcc); // stale bytes the zero-filled tail must clear
        BootResult r = LinuxBoot.load(mem, new SyntheticElf().parse(), initrd, "rd", "console=hvc0");
        for (int i = 0; i < 0x2000; i += 0x3ff) assertEquals(SyntheticElf.bodyByte(i) & 0xff, mem.readU8(0x1000000 + i));
        assertEquals(0, mem.readU64(0x1000000 + 0x2000));
        assertEquals(0, mem.readU64(0x1005000 - 8));

        long si = Layout.PVH_START_INFO;
        assertEquals(0x336ec578, mem.readU32(si));                 // magic
        assertEquals(1, mem.readU32(si + 0x04));                   // version
        assertEquals(0, mem.readU32(si + 0x08));                   // flags
        assertEquals(1, mem.readU32(si + 0x0c));                   // nr_modules
        assertEquals(Layout.PVH_MODLIST, mem.readU64(si + 0x10));  // modlist_paddr
        assertEquals(0x20000, mem.readU64(si + 0x18));             // cmdline_paddr
        assertEquals(0xe0000, mem.readU64(si + 0x20));             // rsdp_paddr: Layout.ACPI_TABLES
        assertEquals(Layout.PVH_MEMMAP, mem.readU64(si + 0x28));   // memmap_paddr
        assertEquals(3, mem.readU32(si + 0x30));                   // memmap_entries
        assertEquals(0, mem.readU32(si + 0x34));                   // reserved

        long initrdAt = r.summary().initrd().orElseThrow().address();
        assertEquals(64L * MIB - 8192, initrdAt);
        assertEquals(initrdAt, mem.readU64(Layout.PVH_MODLIST));
        assertEquals(8192, mem.readU64(Layout.PVH_MODLIST + 8));
        assertEquals(0, mem.readU64(Layout.PVH_MODLIST + 16));

        long m = Layout.PVH_MEMMAP;
        assertEquals(0x9fc00, mem.readU64(m + 0x18 + 0));          // entry 1: addr
        assertEquals(0x60400, mem.readU64(m + 0x18 + 8));          //          size
        assertEquals(2, mem.readU32(m + 0x18 + 16));               //          type reserved
        assertEquals(0x100000, mem.readU64(m + 0x30));
        assertEquals(1, mem.readU32(m + 0x30 + 16));

        assertEquals(0x1000180, r.cpu().regs().rip());
        assertEquals(Layout.PVH_START_INFO, r.cpu().regs().rbx());
        assertArrayEquals("console=hvc0\0".getBytes(StandardCharsets.US_ASCII), mem.read(0x20000, 13));
    }
}

package io.jhyve.boot;

import io.jhyve.boot.BootProtocolException.Rule;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Placement decisions, planned on RAM sizes that are never allocated. */
class LinuxBootPlanTest {
    private static final long MIB = 1L << 20, GIB = 1L << 30;

    private static BootSummary plan(SyntheticBzImage k, long ram, long initrd, String cmdline) {
        return LinuxBoot.plan(ram, k.parse(), initrd, "/x/initrd.img", cmdline);
    }

    private static BootProtocolException refuse(SyntheticBzImage k, long ram, long initrd, String cmdline, Rule rule) {
        BootProtocolException e = assertThrows(BootProtocolException.class, () -> plan(k, ram, initrd, cmdline));
        assertEquals(rule, e.rule());
        return e;
    }

    @Test
    void relocatableKernelGoesToItsPrefAddress() {
        BootSummary p = plan(new SyntheticBzImage(), 512 * MIB, 0, "console=ttyS0");
        assertEquals(new KernelPlacement(0x1000000, 0x3000, 0x1000000, 0x1800000), p.kernel());
        assertEquals(0x1000200, p.entry());
        assertEquals(0x7000, p.bootParams());
        assertEquals(0x20000, p.cmdlineAddress());
        assertEquals(13, p.cmdline().length());
        assertFalse(p.initrd().isPresent());
        assertFalse(p.pvh());
    }

    @Test
    void relocatableKernelFallsBackToTheFirstAlignedAddressWhenPrefAddressDoesNotFit() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.initSize = 24 * MIB; // 16 + 24 MiB > 32 MiB of RAM, 2 + 24 MiB fits
        BootSummary p = plan(k, 32 * MIB, 0, "");
        assertEquals(new KernelPlacement(0x200000, 0x3000, 0x200000, 26 * MIB), p.kernel());
        assertEquals(0x200200, p.entry());
    }

    @Test
    void relocatableKernelIgnoresAMisalignedPrefAddress() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.prefAddress = 0x1001000;
        assertEquals(0x200000, plan(k, 512 * MIB, 0, "").kernel().loadAddress());
    }

    @Test
    void nonRelocatableKernelLoadsAtOneMibAndRunsAtPrefAddress() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.relocatable = false;
        BootSummary p = plan(k, 512 * MIB, 0, "");
        assertEquals(new KernelPlacement(0x100000, 0x3000, 0x1000000, 0x1800000), p.kernel());
        assertEquals(0x100200, p.entry());
    }

    @Test
    void refusesANonRelocatableKernelWhosePrefAddressIsOutsideRam() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.relocatable = false;
        k.prefAddress = -0x1000;
        assertEquals(Rule.KERNEL_FIT, refuse(k, 512 * MIB, 0, "", Rule.KERNEL_FIT).rule());
    }

    @Test
    void refusesAKernelWhoseInitSizeDoesNotFit() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.initSize = 40 * MIB;
        assertEquals("bzImage /x/vmlinuz: kernel does not fit in RAM: it needs [0x200000, 0x2a00000) (payload 12 KiB "
                        + "at 0x200000, init_size 40 MiB from 0x200000) but the low RAM region ends at 0x2000000 (32 MiB)",
                refuse(k, 32 * MIB, 0, "", Rule.KERNEL_FIT).getMessage());
    }

    @Test
    void initrdGoesAsHighAsRamAllowsPageAligned() {
        BootSummary p = plan(new SyntheticBzImage(), 512 * MIB, 10 * MIB + 123, "");
        InitrdPlacement i = p.initrd().orElseThrow();
        assertEquals(512 * MIB - 10 * MIB - 0x1000, i.address());
        assertEquals(10 * MIB + 123, i.size());
        assertEquals("/x/initrd.img", i.name());
        assertTrue(i.end() <= 512 * MIB);
    }

    @Test
    void initrdStaysBelowInitrdAddrMax() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.initrdAddrMax = 0x37ffffff;
        InitrdPlacement i = plan(k, 2 * GIB, 0x20000, "").initrd().orElseThrow();
        assertEquals(0x37fe0000, i.address()); // boot.rst's own example
    }

    @Test
    void initrdOnlyUsesTheLowRegion() {
        InitrdPlacement i = plan(new SyntheticBzImage(), 6 * GIB, 64 * MIB, "").initrd().orElseThrow();
        assertEquals(0x7fffffffL + 1 - 64 * MIB, i.address());
    }

    @Test
    void refusesAnInitrdLargerThanRam() {
        assertEquals("/x/initrd.img: initrd of 900 MiB does not fit below 512 MiB of RAM",
                refuse(new SyntheticBzImage(), 512 * MIB, 900 * MIB, "", Rule.INITRD_FIT).getMessage());
    }

    @Test
    void refusesAnInitrdAboveInitrdAddrMax() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.initrdAddrMax = 0x37ffffff;
        assertEquals("/x/initrd.img: initrd of 900 MiB does not fit below the kernel's initrd_addr_max 0x37ffffff "
                + "(896 MiB)", refuse(k, 2 * GIB, 900 * MIB, "", Rule.INITRD_FIT).getMessage());
    }

    @Test
    void refusesAnInitrdThatWouldOverlapTheKernel() {
        assertEquals("/x/initrd.img: initrd of 500 MiB does not fit below 512 MiB of RAM above the kernel, which "
                + "ends at 0x1800000", refuse(new SyntheticBzImage(), 512 * MIB, 500 * MIB, "", Rule.INITRD_FIT)
                .getMessage());
    }

    @Test
    void acceptsACommandLineOfExactlyCmdlineSize() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.cmdlineSize = 10;
        assertEquals(10, plan(k, 64 * MIB, 0, "0123456789").cmdline().length());
    }

    @Test
    void refusesACommandLineLongerThanCmdlineSize() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.cmdlineSize = 10;
        assertEquals("command line of 11 bytes exceeds the kernel's cmdline_size 10",
                refuse(k, 64 * MIB, 0, "0123456789a", Rule.CMDLINE_SIZE).getMessage());
    }

    @Test
    void countsCommandLineBytesNotCharacters() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.cmdlineSize = 3;
        assertEquals("command line of 4 bytes exceeds the kernel's cmdline_size 3",
                refuse(k, 64 * MIB, 0, "ab\u00e9", Rule.CMDLINE_SIZE).getMessage());
    }

    @Test
    void refusesACommandLineWithANul() {
        assertEquals("command line contains a NUL character at byte 3, which would end it there",
                refuse(new SyntheticBzImage(), 64 * MIB, 0, "abc\0d", Rule.CMDLINE_SIZE).getMessage());
    }

    @Test
    void pvhKernelRunsAtItsNoteEntry() {
        BootSummary p = LinuxBoot.plan(256 * MIB, new SyntheticElf().parse(), 4 * MIB, "rd", "console=ttyS0");
        assertTrue(p.pvh());
        assertEquals(new KernelPlacement(0x1000000, 0x5000, 0x1000000, 0x1005000), p.kernel());
        assertEquals(0x1000180, p.entry());
        assertEquals(0x6000, p.bootParams());
        assertEquals(252 * MIB, p.initrd().orElseThrow().address());
    }

    @Test
    void refusesAPvhSegmentOutsideRam() {
        SyntheticElf e = new SyntheticElf();
        e.paddr = 0x10000000;
        BootProtocolException x = assertThrows(BootProtocolException.class,
                () -> LinuxBoot.plan(128 * MIB, e.parse(), 0, null, ""));
        assertEquals("/x/vmlinux: ELF segment at [0x10000000, 0x10005000) is outside guest RAM "
                + "[RamRange[base=0, size=134217728]]", x.getMessage());
    }

    @Test
    void refusesAPvhSegmentOverTheBootStructures() {
        SyntheticElf e = new SyntheticElf();
        e.paddr = 0x8000;
        BootProtocolException x = assertThrows(BootProtocolException.class,
                () -> LinuxBoot.plan(128 * MIB, e.parse(), 0, null, ""));
        assertEquals("/x/vmlinux: ELF segment at [0x8000, 0xd000) lies below 1 MiB, where jhyve keeps its boot "
                + "structures", x.getMessage());
    }

    @Test
    void describesThePlanForDryRun() {
        String d = plan(new SyntheticBzImage(), 64 * MIB, 2 * MIB, "console=ttyS0").describe();
        assertEquals("kernel:     bzImage /x/vmlinuz (Linux boot protocol 2.15)\n"
                + "version:    " + SyntheticBzImage.KERNEL_VERSION + "\n"
                + "load:       0x1000000, 12 KiB; reserved up to 0x1800000\n"
                + "entry:      0x1000200, 64-bit startup_64, RSI = zero page at 0x7000\n"
                + "cmdline:    0x20000, 13 bytes: \"console=ttyS0\"\n"
                + "initrd:     /x/initrd.img at 0x3e00000, 2 MiB\n"
                + "memory map:\n"
                + "  [0x000000000000-0x00000009fc00) RAM\n"
                + "  [0x00000009fc00-0x000000100000) reserved\n"
                + "  [0x000000100000-0x000004000000) RAM\n", d);
    }
}

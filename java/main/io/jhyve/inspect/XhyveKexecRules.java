package io.jhyve.inspect;

import io.jhyve.boot.SetupHeader;
import io.jhyve.inspect.LauncherVerdict.Basis;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * xhyve's kexec loader (src/firmware/kexec.c in machyve/xhyve), restated from reading it. It takes
 * bzImages only, enters the 32-bit protected-mode code (so it needs no XLF_KERNEL_64) and copies
 * the whole file after the setup sectors to the load address. Its checks, in its order:
 * the file holds the setup header; setup_sects is not 0 (it does not apply boot.rst's "0 means 4");
 * boot flag 0xAA55; "HdrS"; protocol at least 2.12 (0x020c; the issue that asked for this guessed
 * 2.10, the source says 2.12); LOADED_HIGH; the file is at least setup + syssize long; the load
 * address (kernel_alignment above 1 MiB when relocatable, else pref_address) is at least 1 MiB;
 * everything after the setup sectors fits in init_size (page-rounded); load address + init_size
 * lies in low memory; the command line with its NUL fits cmdline_size; the initrd, placed right
 * after init_size, ends in low memory (initrd_addr_max is not consulted).
 */
final class XhyveKexecRules {
    static final String LAUNCHER = "xhyve (kexec)";
    static final String REFERENCE = "machyve/xhyve src/firmware/kexec.c";
    /** The struct setup_header xhyve reads runs from 0x1f1 to the end of init_size. */
    static final int HEADER_END = SetupHeader.INIT_SIZE + 4;
    private static final long MIB = 1 << 20, PAGE = 4096;
    /** bhyve's (and so xhyve's) low-memory limit: RAM above 3 GiB is mapped above 4 GiB. */
    private static final long LOWMEM_LIMIT = 3L << 30;

    private XhyveKexecRules() { }

    static LauncherVerdict judge(KernelFacts k, long ramBytes, long initrdSize, String cmdline) {
        byte[] f = k.image;
        List<Check> c = new ArrayList<>();
        if (k.isElf()) {
            c.add(new Check("bzImage only", false, "an ELF vmlinux has no setup header for kexec.c to read", Basis.SOURCE));
            return LauncherVerdict.of(LAUNCHER, REFERENCE, c);
        }
        c.add(check("file holds the setup header", f.length >= HEADER_END,
                String.format("%d bytes, %d needed", f.length, HEADER_END)));
        int setupSects = RawHeader.u8(f, SetupHeader.SETUP_SECTS);
        c.add(check("setup_sects != 0", setupSects != 0, "setup_sects " + setupSects));
        int bootFlag = RawHeader.u16(f, SetupHeader.BOOT_FLAG);
        c.add(check("boot flag 0xAA55", bootFlag == SetupHeader.BOOT_FLAG_MAGIC, String.format("0x%04X", bootFlag)));
        boolean hdrs = RawHeader.u32(f, SetupHeader.HEADER) == SetupHeader.HDRS_MAGIC;
        c.add(check("\"HdrS\" at 0x202", hdrs, hdrs ? "present" : "missing"));
        int version = RawHeader.u16(f, SetupHeader.VERSION);
        c.add(check("protocol >= 2.12", version >= 0x020c, String.format("protocol %d.%02d", version >> 8, version & 0xff)));
        int loadflags = RawHeader.u8(f, SetupHeader.LOADFLAGS);
        c.add(check("LOADED_HIGH", (loadflags & SetupHeader.LOADED_HIGH) != 0, String.format("loadflags 0x%02x", loadflags)));
        long setup = (setupSects + 1L) * 512, syssize = RawHeader.u32(f, SetupHeader.SYSSIZE) * 16;
        c.add(check("file >= setup + syssize", f.length >= setup + syssize, String.format(
                "file %d bytes, setup %d + syssize %d = %d", f.length, setup, syssize, setup + syssize)));
        placement(k, c, ramBytes, initrdSize, cmdline, setup);
        return LauncherVerdict.of(LAUNCHER, REFERENCE, LauncherVerdict.withPayload(c, k));
    }

    private static void placement(KernelFacts k, List<Check> c, long ramBytes, long initrdSize, String cmdline,
                                  long setup) {
        byte[] f = k.image;
        boolean relocatable = RawHeader.u8(f, SetupHeader.RELOCATABLE_KERNEL) != 0;
        long align = RawHeader.u32(f, SetupHeader.KERNEL_ALIGNMENT);
        // kexec.c's ALIGNUP masks with ~(align - 1): an alignment of 0 gives address 0, which it refuses.
        long start = relocatable ? (align == 0 ? 0 : (MIB + align - 1) / align * align)
                : RawHeader.u64(f, SetupHeader.PREF_ADDRESS);
        c.add(check("load address >= 1 MiB", start >= MIB, String.format("%s (%s)", Units.hex(start),
                relocatable ? "relocatable: 1 MiB rounded up to kernel_alignment " + Units.hex(align)
                        : "pref_address")));
        long initSize = (RawHeader.u32(f, SetupHeader.INIT_SIZE) + PAGE - 1) / PAGE * PAGE;
        long copied = Math.max(0, f.length - setup);
        c.add(check("file after setup <= init_size", copied <= initSize, String.format(
                "%s after the setup sectors, init_size %s", Units.human(copied), Units.human(initSize))));
        long lowmem = Math.min(ramBytes, LOWMEM_LIMIT);
        c.add(check("kernel fits in low memory", start + initSize <= lowmem, String.format(
                "needs up to %s, low memory ends at %s", Units.hex(start + initSize), Units.hex(lowmem))));
        long cmdlineSize = RawHeader.u32(f, SetupHeader.CMDLINE_SIZE);
        int length = cmdline.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        c.add(check("command line + NUL <= cmdline_size", length + 1 <= cmdlineSize, String.format(
                "%d bytes + NUL, cmdline_size %d", length, cmdlineSize)));
        if (initrdSize > 0) {
            long at = (start + initSize + PAGE - 1) / PAGE * PAGE;
            c.add(check("initrd fits after the kernel", at + initrdSize <= lowmem, String.format(
                    "%s at %s, low memory ends at %s", Units.human(initrdSize), Units.hex(at), Units.hex(lowmem))));
        }
    }

    private static Check check(String rule, boolean holds, String detail) {
        return new Check(rule, holds, detail, Basis.SOURCE);
    }
}

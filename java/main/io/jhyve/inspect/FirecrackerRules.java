package io.jhyve.inspect;

import io.jhyve.boot.SetupHeader;
import io.jhyve.inspect.LauncherVerdict.Basis;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Firecracker on x86_64, restated from reading its source on the main branch (after v1.16.1):
 * load_kernel in src/vmm/src/arch/x86_64/mod.rs tries rust-vmm linux-loader's ELF loader first
 * and, only when the file lacks the ELF magic, its bzImage loader (Firecracker PR #6037; every
 * release up to v1.16.1 stops at the ELF magic and so refuses a bzImage).
 *
 * <p>The ELF loader (src/loader/x86_64/elf/mod.rs) wants a little-endian header with 56-byte
 * program headers at or after offset 64 and an entry at or above 1 MiB (HIMEM_START); with a
 * XEN_ELFNOTE_PHYS32_ENTRY note the kernel is entered through PVH.
 *
 * <p>The bzImage loader (src/loader/bzimage/mod.rs) checks less than boot.rst asks: "HdrS",
 * protocol at least 2.00 and LOADED_HIGH, then copies everything after the setup sectors (0 read
 * as 4) to code32_start, which must be at least 1 MiB; it checks neither the boot flag (Firecracker
 * writes one itself) nor syssize, so a truncated kernel is loaded and fails in its decompressor.
 * Firecracker then enters at code32_start + 0x200, so it adds: protocol at least 2.12 with
 * XLF_KERNEL_64 (its BzImageMissing64BitEntry error).
 */
final class FirecrackerRules {
    static final String LAUNCHER = "Firecracker (x86_64)";
    static final String REFERENCE = "firecracker main src/vmm/src/arch/x86_64/mod.rs load_kernel; "
            + "rust-vmm/linux-loader 0.14 src/loader (elf, bzimage)";
    static final int EI_DATA = 5, ELFDATA2LSB = 1, E_ENTRY = 0x18, E_PHOFF = 0x20, E_PHENTSIZE = 0x36;
    /** Firecracker's HIMEM_START (src/vmm/src/arch/x86_64/layout.rs): where kernels are loaded. */
    private static final long HIMEM_START = 1 << 20;
    private static final int SECTOR = 512;

    private FirecrackerRules() { }

    static LauncherVerdict judge(KernelFacts k, long ramBytes) {
        return LauncherVerdict.of(LAUNCHER, REFERENCE, k.isElf() ? elf(k)
                : LauncherVerdict.withPayload(bzImage(k, ramBytes), k));
    }

    private static List<Check> elf(KernelFacts k) {
        List<Check> c = new ArrayList<>();
        byte[] f = k.image;
        c.add(check("ELF magic", true, "\\x7fELF: the ELF loader"));
        int data = RawHeader.u8(f, EI_DATA);
        c.add(check("little-endian (EI_DATA = ELFDATA2LSB)", data == ELFDATA2LSB, "EI_DATA " + data));
        int phentsize = RawHeader.u16(f, E_PHENTSIZE);
        c.add(check("e_phentsize = 56", phentsize == 56, "e_phentsize " + phentsize));
        long phoff = RawHeader.u64(f, E_PHOFF);
        c.add(check("e_phoff >= 64", phoff >= 64, "e_phoff " + phoff));
        long entry = RawHeader.u64(f, E_ENTRY);
        c.add(check("e_entry >= 1 MiB", Long.compareUnsigned(entry, HIMEM_START) >= 0, "e_entry " + Units.hex(entry)));
        boolean pvh = Boolean.TRUE.equals(k.report.pvhNote());
        c.add(check("boot protocol", true, pvh ? "PVH (XEN_ELFNOTE_PHYS32_ENTRY note)"
                : "no PVH note: 64-bit Linux boot at e_entry"));
        return c;
    }

    private static List<Check> bzImage(KernelFacts k, long ramBytes) {
        List<Check> c = new ArrayList<>();
        byte[] f = k.image;
        String hint = k.report.vmlinuxIsElf() ? "; or give any release the ELF vmlinux inside (Linux's "
                + "scripts/extract-vmlinux)" : "";
        c.add(check("not an ELF: the bzImage loader", true, "only on main after v1.16.1 (PR #6037); releases up to "
                + "v1.16.1 refuse a bzImage at the ELF magic" + hint));
        boolean hdrs = RawHeader.u32(f, SetupHeader.HEADER) == SetupHeader.HDRS_MAGIC;
        c.add(check("\"HdrS\" at 0x202", hdrs, hdrs ? "present" : "missing"));
        int version = RawHeader.u16(f, SetupHeader.VERSION);
        String protocol = String.format("protocol %d.%02d", version >> 8, version & 0xff);
        c.add(check("protocol >= 2.00", version >= 0x0200, protocol));
        int loadflags = RawHeader.u8(f, SetupHeader.LOADFLAGS);
        c.add(check("LOADED_HIGH", (loadflags & SetupHeader.LOADED_HIGH) != 0, String.format("loadflags 0x%02x",
                loadflags)));
        int sects = RawHeader.u8(f, SetupHeader.SETUP_SECTS);
        long setup = ((sects == 0 ? 4 : sects) + 1L) * SECTOR, copied = f.length - setup;
        c.add(check("file longer than the setup sectors", copied >= 0, String.format("file %d bytes, setup %d; "
                + "syssize is not checked", f.length, setup)));
        long code32 = RawHeader.u32(f, SetupHeader.CODE32_START);
        c.add(check("code32_start >= 1 MiB", code32 >= HIMEM_START, "code32_start " + Units.hex(code32)));
        c.add(check("kernel fits in RAM at code32_start", code32 + Math.max(copied, 0) <= ramBytes, String.format(
                "%s at %s, RAM ends at %s", Units.human(Math.max(copied, 0)), Units.hex(code32), Units.hex(ramBytes))));
        int xloadflags = RawHeader.u16(f, SetupHeader.XLOADFLAGS);
        boolean entry64 = version >= 0x020c && (xloadflags & SetupHeader.XLF_KERNEL_64) != 0;
        c.add(check("protocol >= 2.12 with XLF_KERNEL_64", entry64, String.format("%s, xloadflags 0x%02x", protocol,
                version >= 0x020c ? xloadflags : 0)));
        return c;
    }

    private static Check check(String rule, boolean holds, String detail) {
        return new Check(rule, holds, detail, Basis.SOURCE);
    }
}

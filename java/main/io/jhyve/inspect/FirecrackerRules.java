package io.jhyve.inspect;

import io.jhyve.inspect.LauncherVerdict.Basis;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Firecracker on x86_64, restated from reading its source: load_kernel in
 * src/vmm/src/arch/x86_64/mod.rs hands the file to rust-vmm linux-loader's ELF loader only (the
 * crate's bzImage loader is not used there), so a bzImage is refused at the ELF magic. The ELF
 * loader (src/loader/x86_64/elf/mod.rs) wants a little-endian header with 56-byte program
 * headers at or after offset 64 and an entry at or above 1 MiB (Firecracker's HIMEM_START); the
 * PT_LOAD segments go to their physical addresses. With a XEN_ELFNOTE_PHYS32_ENTRY note it boots
 * through PVH, else through the 64-bit Linux boot protocol at the ELF entry.
 */
final class FirecrackerRules {
    static final String LAUNCHER = "Firecracker (x86_64)";
    static final String REFERENCE = "firecracker src/vmm/src/arch/x86_64/mod.rs load_kernel; "
            + "rust-vmm/linux-loader src/loader/x86_64/elf/mod.rs";
    static final int EI_DATA = 5, ELFDATA2LSB = 1, E_ENTRY = 0x18, E_PHOFF = 0x20, E_PHENTSIZE = 0x36;
    private static final long HIMEM_START = 1 << 20;

    private FirecrackerRules() { }

    static LauncherVerdict judge(KernelFacts k) {
        List<Check> c = new ArrayList<>();
        if (!k.isElf()) {
            String hint = k.report.vmlinuxIsElf()
                    ? "; the decompressed payload is an ELF vmlinux" + (Boolean.TRUE.equals(k.report.pvhNote())
                    ? " with a PVH note" : "") + ": extract it (Linux's scripts/extract-vmlinux) and give Firecracker that"
                    : "";
            c.add(check("ELF magic (x86_64 loads an ELF vmlinux only)", false, "a bzImage is not an ELF" + hint));
            return LauncherVerdict.of(LAUNCHER, REFERENCE, c);
        }
        byte[] f = k.image;
        c.add(check("ELF magic", true, "\\x7fELF"));
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
        return LauncherVerdict.of(LAUNCHER, REFERENCE, c);
    }

    private static Check check(String rule, boolean holds, String detail) {
        return new Check(rule, holds, detail, Basis.SOURCE);
    }
}

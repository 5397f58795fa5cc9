package io.jhyve.inspect;

import io.jhyve.boot.SetupHeader;
import io.jhyve.inspect.LauncherVerdict.Basis;
import io.jhyve.inspect.LauncherVerdict.Check;

import java.util.ArrayList;
import java.util.List;

/**
 * Apple's Virtualization.framework (VZLinuxBootLoader) on Intel Macs. Apple documents only that
 * it boots "a Linux kernel" from a URL, with an optional initrd and command line; it publishes no
 * header rules for x86, so every rule here is inferred and the verdict is hedged: distribution
 * bzImages (vmlinuz) are what people boot with it (vftool's examples), so it reads the setup
 * header; protocol 2.04 is where syssize became 32 bits, which any loader of a modern kernel needs;
 * a loader without a BIOS can only place a bzImage high; and the file must hold the payload the
 * header declares. No evidence says it takes an ELF vmlinux on x86 (the uncompressed-kernel rule
 * Apple states is for arm64).
 */
final class VirtualizationFrameworkRules {
    static final String LAUNCHER = "Virtualization.framework (x86)";
    static final String REFERENCE = "Apple's VZLinuxBootLoader, which publishes no x86 kernel rules";

    private VirtualizationFrameworkRules() { }

    static LauncherVerdict judge(KernelFacts k) {
        byte[] f = k.image;
        List<Check> c = new ArrayList<>();
        if (k.isElf()) {
            c.add(check("bzImage", false, "an ELF vmlinux is not known to be accepted on x86"));
            return LauncherVerdict.of(LAUNCHER, REFERENCE, c);
        }
        int bootFlag = RawHeader.u16(f, SetupHeader.BOOT_FLAG);
        boolean hdrs = RawHeader.u32(f, SetupHeader.HEADER) == SetupHeader.HDRS_MAGIC;
        c.add(check("bzImage setup header (boot flag, \"HdrS\")", bootFlag == SetupHeader.BOOT_FLAG_MAGIC && hdrs,
                String.format("boot flag 0x%04X, HdrS %s", bootFlag, hdrs ? "present" : "missing")));
        int version = RawHeader.u16(f, SetupHeader.VERSION);
        c.add(check("protocol >= 2.04", version >= 0x0204, String.format("protocol %d.%02d", version >> 8, version & 0xff)));
        int loadflags = RawHeader.u8(f, SetupHeader.LOADFLAGS);
        c.add(check("LOADED_HIGH", (loadflags & SetupHeader.LOADED_HIGH) != 0, String.format("loadflags 0x%02x", loadflags)));
        int sects = RawHeader.u8(f, SetupHeader.SETUP_SECTS);
        long setup = ((sects == 0 ? 4 : sects) + 1L) * 512, payload = RawHeader.u32(f, SetupHeader.SYSSIZE) * 16;
        c.add(check("file holds setup + syssize", f.length >= setup + payload, String.format(
                "file %d bytes, setup %d + syssize %d", f.length, setup, payload)));
        return LauncherVerdict.of(LAUNCHER, REFERENCE, LauncherVerdict.withPayload(c, k));
    }

    private static Check check(String rule, boolean holds, String detail) {
        return new Check(rule, holds, detail, Basis.INFERRED);
    }
}

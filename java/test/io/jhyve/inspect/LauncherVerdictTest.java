package io.jhyve.inspect;

import io.jhyve.boot.SyntheticBzImage;
import io.jhyve.inspect.LauncherVerdict.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each launcher's verdict on headers that differ in one rule from a kernel all of them boot. */
class LauncherVerdictTest {
    private static final long RAM = 256L << 20;

    private static Map<String, LauncherVerdict> judge(byte[] kernel) {
        InspectReport r = Inspector.inspect("/x/vmlinuz", kernel, null, null, "console=ttyS0", RAM);
        return r.launchers().stream().collect(Collectors.toMap(LauncherVerdict::launcher, Function.identity()));
    }

    private static Map<String, LauncherVerdict> judge(SyntheticBzImage k) {
        return judge(k.build());
    }

    private static void assertVerdict(Verdict verdict, String deciding, LauncherVerdict v) {
        assertEquals(verdict, v.verdict(), v.launcher());
        assertEquals(deciding, v.deciding(), v.launcher());
    }

    private static SyntheticBzImage protocol(int version) {
        SyntheticBzImage k = new SyntheticBzImage();
        k.version = version;
        return k;
    }

    @Test
    void aModernBzImageBootsEverywhere() {
        Map<String, LauncherVerdict> v = judge(new SyntheticBzImage());
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.PROBABLY_BOOTS, "every rule holds", v.get(VirtualizationFrameworkRules.LAUNCHER));
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(FirecrackerRules.LAUNCHER));
        assertEquals("only on main after v1.16.1 (PR #6037); releases up to v1.16.1 refuse a bzImage at the ELF magic",
                v.get(FirecrackerRules.LAUNCHER).checks().get(0).detail());
    }

    @Test
    void protocol204() {
        Map<String, LauncherVerdict> v = judge(protocol(0x0204));
        assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): PROTOCOL_VERSION: bzImage /x/vmlinuz: "
                + "kernel protocol 2.04 < 2.12 needed for 64-bit boot", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "protocol >= 2.12: protocol 2.04", v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.PROBABLY_BOOTS, "every rule holds", v.get(VirtualizationFrameworkRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "protocol >= 2.12 with XLF_KERNEL_64: protocol 2.04, xloadflags 0x00",
                v.get(FirecrackerRules.LAUNCHER));
    }

    @Test
    void protocol203IsBelowVirtualizationFrameworksInferredMinimum() {
        assertVerdict(Verdict.PROBABLY_REFUSED, "protocol >= 2.04: protocol 2.03",
                judge(protocol(0x0203)).get(VirtualizationFrameworkRules.LAUNCHER));
    }

    @Test
    void protocol209And210() {
        for (int version : List.of(0x0209, 0x020a)) {
            Map<String, LauncherVerdict> v = judge(protocol(version));
            String p = String.format("%d.%02d", version >> 8, version & 0xff);
            assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): PROTOCOL_VERSION: bzImage /x/vmlinuz: "
                    + "kernel protocol " + p + " < 2.12 needed for 64-bit boot", v.get(JhyveRules.LAUNCHER));
            assertVerdict(Verdict.REFUSED, "protocol >= 2.12: protocol " + p, v.get(XhyveKexecRules.LAUNCHER));
            assertVerdict(Verdict.PROBABLY_BOOTS, "every rule holds", v.get(VirtualizationFrameworkRules.LAUNCHER));
        }
    }

    @Test
    void protocol212WithoutKernel64BootsOnlyWhereTheEntryIs32Bit() {
        SyntheticBzImage k = protocol(0x020c);
        k.xloadflags = 0;
        Map<String, LauncherVerdict> v = judge(k);
        assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): KERNEL_64: bzImage /x/vmlinuz: kernel does "
                + "not set XLF_KERNEL_64 (xloadflags 0x0): it has no 64-bit entry point", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "protocol >= 2.12 with XLF_KERNEL_64: protocol 2.12, xloadflags 0x00",
                v.get(FirecrackerRules.LAUNCHER));
    }

    @Test
    void loadedHighClear() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.loadflags = 0;
        Map<String, LauncherVerdict> v = judge(k);
        assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): LOADED_HIGH: bzImage /x/vmlinuz: kernel is "
                + "not loaded-high (loadflags bit LOADED_HIGH clear): zImage is not supported", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "LOADED_HIGH: loadflags 0x00", v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.PROBABLY_REFUSED, "LOADED_HIGH: loadflags 0x00",
                v.get(VirtualizationFrameworkRules.LAUNCHER));
    }

    @Test
    void truncated() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.fileLength = k.payloadOffset() + 0x1000; // syssize still says 0x3000 bytes
        Map<String, LauncherVerdict> v = judge(k);
        assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): SYSSIZE: bzImage /x/vmlinuz: truncated "
                + "kernel: syssize 0x300 says the protected-mode payload is 12288 bytes but the file has 4096 bytes "
                + "after offset 2560", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "file >= setup + syssize: file 6656 bytes, setup 2560 + syssize 12288 = 14848",
                v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.PROBABLY_REFUSED, "file holds setup + syssize: file 6656 bytes, setup 2560 + syssize 12288",
                v.get(VirtualizationFrameworkRules.LAUNCHER));
    }

    @Test
    void xhyveRefusesSetupSectsZeroThatTheProtocolReadsAsFour() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.setupSectsField = 0;
        Map<String, LauncherVerdict> v = judge(k);
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.REFUSED, "setup_sects != 0: setup_sects 0", v.get(XhyveKexecRules.LAUNCHER));
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(FirecrackerRules.LAUNCHER));
    }

    @Test
    void xhyveRefusesAKernelAlignmentOfZero() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.kernelAlignment = 0;
        assertVerdict(Verdict.REFUSED, "load address >= 1 MiB: 0x0 (relocatable: 1 MiB rounded up to kernel_alignment "
                + "0x0)", judge(k).get(XhyveKexecRules.LAUNCHER));
    }

    @Test
    void jhyvesPlacementRulesComeFromItsLoader() {
        SyntheticBzImage k = new SyntheticBzImage();
        k.initSize = 300L << 20;
        k.prefAddress = 0; // relocatable: placed at 2 MiB, needs 300 MiB from there
        assertEquals(Verdict.REFUSED, judge(k).get(JhyveRules.LAUNCHER).verdict());
        assertEquals("placement (LinuxBoot.plan): KERNEL_FIT", judge(k).get(JhyveRules.LAUNCHER).checks().get(1).rule());
    }

    /** A minimal ELF64 vmlinux: one PT_LOAD at 16 MiB, entry there, no PVH note. */
    private static byte[] elf(int phentsize) {
        ByteBuffer b = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putShort(0x10, (short) 2).putShort(0x12, (short) 62).putInt(0x14, 1);
        b.putLong(0x18, 0x1000000).putLong(0x20, 64).putShort(0x34, (short) 64);
        b.putShort(0x36, (short) phentsize).putShort(0x38, (short) 1);
        b.putInt(64, 1).putInt(68, 5).putLong(72, 0x200).putLong(80, 0x1000000).putLong(88, 0x1000000);
        b.putLong(96, 0x100).putLong(104, 0x100).putLong(112, 0x200000);
        return b.array();
    }

    @Test
    void anElfWithoutPvhNoteBootsOnFirecrackerButNotOnJhyve() {
        Map<String, LauncherVerdict> v = judge(elf(56));
        assertVerdict(Verdict.REFUSED, "kernel format (KernelImage.parse): PVH_NOTE: /x/vmlinuz: ELF vmlinux has no "
                + "PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY); build with CONFIG_PVH=y or use the bzImage",
                v.get(JhyveRules.LAUNCHER));
        assertVerdict(Verdict.BOOTS, "every rule holds", v.get(FirecrackerRules.LAUNCHER));
        assertEquals("no PVH note: 64-bit Linux boot at e_entry", v.get(FirecrackerRules.LAUNCHER).checks().get(5).detail());
        assertVerdict(Verdict.REFUSED, "bzImage only: an ELF vmlinux has no setup header for kexec.c to read",
                v.get(XhyveKexecRules.LAUNCHER));
    }

    @Test
    void firecrackerChecksTheProgramHeaderSize() {
        assertVerdict(Verdict.REFUSED, "e_phentsize = 56: e_phentsize 32", judge(elf(32)).get(FirecrackerRules.LAUNCHER));
    }
}

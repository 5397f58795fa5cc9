package io.jhyve.inspect;

import io.jhyve.inspect.LauncherVerdict.Verdict;
import io.jhyve.testkit.RealKernel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.jhyve.inspect.LauncherVerdict.Verdict.BOOTS;
import static io.jhyve.inspect.LauncherVerdict.Verdict.FAILS_IN_GUEST;
import static io.jhyve.inspect.LauncherVerdict.Verdict.PROBABLY_BOOTS;
import static io.jhyve.inspect.LauncherVerdict.Verdict.PROBABLY_REFUSED;
import static io.jhyve.inspect.LauncherVerdict.Verdict.REFUSED;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every launcher's verdict on the real Debian kernel (scripts/fetch-guest) and on one copy of it
 * per refusal rule, each copy broken in exactly one way, in memory. The expected messages are
 * built from the original's own header values, so that they hold for whichever kernel version
 * Debian currently ships.
 */
class RealKernelCorpusTest {
    private static final long RAM = 256L << 20;
    private static final String JHYVE = JhyveRules.LAUNCHER, XHYVE = XhyveKexecRules.LAUNCHER,
            VZ = VirtualizationFrameworkRules.LAUNCHER, FIRECRACKER = FirecrackerRules.LAUNCHER;

    private static byte[] original;
    /** Header values of the original, for the expected messages. */
    private static int setupSects;
    private static long setup, syssize, payloadStart;

    /** Per test, not @BeforeAll, so that without the kernel each test is reported skipped with the reason. */
    @BeforeEach
    void readTheRealKernel() {
        if (original != null) return;
        original = RealKernel.read(RealKernel.vmlinuz());
        setupSects = RawHeader.u8(original, 0x1f1);
        setup = (setupSects + 1L) * 512;
        syssize = RawHeader.u32(original, 0x1f4) * 16;
        payloadStart = setup + RawHeader.u32(original, 0x248);
    }

    /** The verdicts on {@code kernel}, by launcher. */
    private static Map<String, LauncherVerdict> judge(String name, byte[] kernel) {
        Map<String, LauncherVerdict> byLauncher = new LinkedHashMap<>();
        Inspector.inspect(name, kernel, null, null, "console=ttyS0", RAM).launchers()
                .forEach(v -> byLauncher.put(v.launcher(), v));
        return byLauncher;
    }

    private static void assertVerdicts(Map<String, LauncherVerdict> actual, Object... launcherVerdictDeciding) {
        for (int i = 0; i < launcherVerdictDeciding.length; i += 3) {
            LauncherVerdict v = actual.get((String) launcherVerdictDeciding[i]);
            assertEquals(launcherVerdictDeciding[i + 1], v.verdict(), v.launcher() + ": " + v.deciding());
            assertEquals(launcherVerdictDeciding[i + 2], v.deciding(), v.launcher());
        }
    }

    private static byte[] mutate(int offset, int... bytes) {
        byte[] k = original.clone();
        for (int i = 0; i < bytes.length; i++) k[offset + i] = (byte) bytes[i];
        return k;
    }

    private static Map<String, LauncherVerdict> protocol(int minor) {
        return judge("vmlinuz-2." + minor, mutate(0x206, minor, 2));
    }

    @Test
    void theOriginalBootsEverywhere() {
        assertVerdicts(judge("vmlinuz", original),
                JHYVE, BOOTS, "every rule holds",
                XHYVE, BOOTS, "every rule holds",
                VZ, PROBABLY_BOOTS, "every rule holds",
                FIRECRACKER, BOOTS, "every rule holds");
    }

    /**
     * Debian builds without CONFIG_IKCONFIG, so drivers are judged from strings. The expected answers
     * are what Debian's config-6.1.0-56-amd64 says: 8250 and its console =y; virtio, virtio_mmio,
     * virtio_console, virtio_blk, virtio_net and virtio_rng =m; VIRTIO_MMIO_CMDLINE_DEVICES not set.
     */
    @Test
    void driversFromStringsAgreeWithDebiansConfig() {
        KernelReport r = Inspector.inspect("vmlinuz", original, null, null, "console=ttyS0", RAM).kernel();
        assertEquals("none: no IKCFG_ST marker (built without CONFIG_IKCONFIG)", r.config());
        Map<String, DriverSupport.Status> status = new LinkedHashMap<>();
        r.drivers().forEach(d -> status.put(d.symbol(), d.status()));
        DriverSupport.Status found = DriverSupport.Status.FOUND, notFound = DriverSupport.Status.NOT_FOUND;
        Map<String, DriverSupport.Status> expected = new LinkedHashMap<>();
        for (String y : List.of("CONFIG_SERIAL_8250", "CONFIG_SERIAL_8250_CONSOLE")) expected.put(y, found);
        for (String m : List.of("CONFIG_VIRTIO", "CONFIG_VIRTIO_MMIO", "CONFIG_VIRTIO_MMIO_CMDLINE_DEVICES",
                "CONFIG_VIRTIO_CONSOLE", "CONFIG_VIRTIO_BLK", "CONFIG_VIRTIO_NET", "CONFIG_HW_RANDOM_VIRTIO")) {
            expected.put(m, notFound);
        }
        expected.put("CONFIG_PVH", DriverSupport.Status.BUILT_IN); // from the ELF note, not a guess
        expected.put("CONFIG_ACPI", found);
        expected.put("CONFIG_BLK_DEV_INITRD", found);
        assertEquals(expected, status);
    }

    @Test
    void badBootFlag() {
        // linux-loader does not read the boot flag; Firecracker writes its own into the zero page.
        assertVerdicts(judge("vmlinuz-bootflag", mutate(0x1fe, 0x55, 0x55)),
                JHYVE, REFUSED, "kernel format (KernelImage.parse): BOOT_FLAG: vmlinuz-bootflag: not a bzImage: boot flag "
                        + "0x5555 at 0x1fe, 0xAA55 required",
                XHYVE, REFUSED, "boot flag 0xAA55: 0x5555",
                VZ, PROBABLY_REFUSED, "bzImage setup header (boot flag, \"HdrS\"): boot flag 0x5555, HdrS present",
                FIRECRACKER, BOOTS, "every rule holds");
    }

    @Test
    void noHdrS() {
        assertVerdicts(judge("vmlinuz-nohdrs", mutate(0x202, 0, 0, 0, 0)),
                JHYVE, REFUSED, "kernel format (KernelImage.parse): HDRS_MAGIC: vmlinuz-nohdrs: not a bzImage: no HdrS at 0x202",
                XHYVE, REFUSED, "\"HdrS\" at 0x202: missing",
                VZ, PROBABLY_REFUSED, "bzImage setup header (boot flag, \"HdrS\"): boot flag 0xAA55, HdrS missing",
                FIRECRACKER, REFUSED, "\"HdrS\" at 0x202: missing");
    }

    @Test
    void protocol204() {
        assertVerdicts(protocol(4),
                JHYVE, REFUSED, "kernel format (KernelImage.parse): PROTOCOL_VERSION: bzImage vmlinuz-2.4: kernel protocol "
                        + "2.04 < 2.12 needed for 64-bit boot",
                XHYVE, REFUSED, "protocol >= 2.12: protocol 2.04",
                VZ, PROBABLY_BOOTS, "every rule holds",
                FIRECRACKER, REFUSED, "protocol >= 2.12 with XLF_KERNEL_64: protocol 2.04, xloadflags 0x00");
    }

    @Test
    void protocol209() {
        assertVerdicts(protocol(9),
                JHYVE, REFUSED, "kernel format (KernelImage.parse): PROTOCOL_VERSION: bzImage vmlinuz-2.9: kernel protocol "
                        + "2.09 < 2.12 needed for 64-bit boot",
                XHYVE, REFUSED, "protocol >= 2.12: protocol 2.09",
                VZ, PROBABLY_BOOTS, "every rule holds",
                FIRECRACKER, REFUSED, "protocol >= 2.12 with XLF_KERNEL_64: protocol 2.09, xloadflags 0x00");
    }

    @Test
    void loadedHighClear() {
        byte[] k = mutate(0x211, original[0x211] & ~1);
        String flags = String.format("loadflags 0x%02x", k[0x211] & 0xff);
        assertVerdicts(judge("vmlinuz-zimage", k),
                JHYVE, REFUSED, "kernel format (KernelImage.parse): LOADED_HIGH: bzImage vmlinuz-zimage: kernel is not "
                        + "loaded-high (loadflags bit LOADED_HIGH clear): zImage is not supported",
                XHYVE, REFUSED, "LOADED_HIGH: " + flags,
                VZ, PROBABLY_REFUSED, "LOADED_HIGH: " + flags,
                FIRECRACKER, REFUSED, "LOADED_HIGH: " + flags);
    }

    @Test
    void truncated() {
        byte[] k = Arrays.copyOf(original, original.length / 2);
        // linux-loader copies whatever follows the setup sectors; the kernel's decompressor then runs off the end.
        assertVerdicts(judge("vmlinuz-half", k),
                JHYVE, REFUSED, String.format("kernel format (KernelImage.parse): SYSSIZE: bzImage vmlinuz-half: "
                        + "truncated kernel: syssize 0x%x says the protected-mode payload is %d bytes but the file has "
                        + "%d bytes after offset %d", syssize / 16, syssize, k.length - setup, setup),
                XHYVE, REFUSED, String.format("file >= setup + syssize: file %d bytes, setup %d + syssize %d = %d",
                        k.length, setup, syssize, setup + syssize),
                VZ, PROBABLY_REFUSED, String.format("file holds setup + syssize: file %d bytes, setup %d + syssize %d",
                        k.length, setup, syssize),
                FIRECRACKER, FAILS_IN_GUEST, String.format("the compressed kernel decompresses: payload [0x%x, 0x%x) "
                        + "lies outside the %d-byte file", payloadStart, payloadStart + RawHeader.u32(original, 0x24c),
                        k.length));
    }

    @Test
    void setupSectsZero() {
        // boot.rst reads 0 as 4: loaders that follow it take the protected-mode code from the middle of the setup.
        String wrongPlace = String.format("the compressed kernel decompresses: no compressed kernel at 0x%x: setup_sects "
                + "is 0, which boot.rst says to read as 4, so the protected-mode code is taken from 0xa00; this kernel's "
                + "setup is longer", 0xa00 + RawHeader.u32(original, 0x248));
        assertVerdicts(judge("vmlinuz-sects0", mutate(0x1f1, 0)),
                JHYVE, FAILS_IN_GUEST, wrongPlace,
                XHYVE, REFUSED, "setup_sects != 0: setup_sects 0",
                VZ, FAILS_IN_GUEST, wrongPlace,
                FIRECRACKER, FAILS_IN_GUEST, wrongPlace);
    }

    @Test
    void garbagePayload() {
        byte[] k = original.clone();
        for (int i = 0; i < 4096; i++) k[(int) payloadStart + i] = (byte) (i * 37 + 11);
        String garbage = String.format("the compressed kernel decompresses: no compressed kernel at 0x%x: the payload "
                + "starts with none of the magic numbers of gzip, bzip2, lzma, xz, lzo, lz4 or zstd (damaged, or not a "
                + "Linux kernel)", payloadStart);
        assertVerdicts(judge("vmlinuz-garbage", k),
                JHYVE, FAILS_IN_GUEST, garbage,
                XHYVE, FAILS_IN_GUEST, garbage,
                VZ, FAILS_IN_GUEST, garbage,
                FIRECRACKER, FAILS_IN_GUEST, garbage);
    }
}

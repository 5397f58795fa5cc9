package io.jhyve.cli;

import static io.jhyve.testkit.TestGuests.guest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jhyve as a user runs it, on input it must refuse before any VM exists (no KVM needed). */
class RunCommandTest {
    @TempDir
    Path dir;

    private static JhyveProcess.Result jhyve(String... args) throws Exception {
        return new JhyveProcess(args).run();
    }

    private static void assertRefused(JhyveProcess.Result r, String message) {
        assertEquals(2, r.exitStatus(), r.transcript());
        assertTrue(r.stderr().contains(message), "expected \"" + message + "\"\n" + r.transcript());
    }

    @Test
    void tooOldProtocolIsRefusedNamingTheRule() throws Exception {
        byte[] img = Files.readAllBytes(guest("hello"));
        img[0x206] = 0x04; // version 2.04, little-endian at 0x206
        img[0x207] = 0x02;
        Path k = Files.write(dir.resolve("old.bzImage"), img);
        assertRefused(jhyve("run", "-k", k.toString()), "kernel protocol 2.04 < 2.12 needed for 64-bit boot");
    }

    @Test
    void truncatedKernelIsRefused() throws Exception {
        byte[] img = Files.readAllBytes(guest("hello"));
        Path k = Files.write(dir.resolve("short.bzImage"), Arrays.copyOf(img, img.length / 2));
        JhyveProcess.Result r = jhyve("run", "-k", k.toString());
        assertRefused(r, "truncated");
        assertTrue(r.stderr().contains(k.toString()), r.transcript());
    }

    @Test
    void notABzImage() throws Exception {
        Path k = Files.writeString(dir.resolve("notes.txt"), "hello world ".repeat(100));
        assertRefused(jhyve("run", "-k", k.toString()), "not a bzImage");
    }

    @Test
    void initrdTooLargeForRam() throws Exception {
        Path initrd = dir.resolve("big.img");
        try (var f = new java.io.RandomAccessFile(initrd.toFile(), "rw")) {
            f.setLength(40L << 20);
        }
        assertRefused(jhyve("run", "-k", guest("hello").toString(), "-i", initrd.toString(), "-m", "32"),
                "initrd of 40 MiB does not fit below 32 MiB of RAM");
    }

    @Test
    void aMissingDiskImageIsRefusedBeforeBoot() throws Exception {
        assertRefused(jhyve("run", "-k", guest("hello").toString(), "-d", dir.resolve("disk.img").toString()),
                "command line: key \"disks[0].path\": file " + dir.resolve("disk.img") + " does not exist");
    }

    @Test
    void dryRunShowsDisksInOrderAndTheirCommandLineOptions() throws Exception {
        Path rw = Files.write(dir.resolve("rw.img"), new byte[4096]);
        Path ro = Files.write(dir.resolve("ro.img"), new byte[4096]);
        JhyveProcess.Result r = jhyve("run", "-k", guest("hello").toString(), "-c", ro.toString(), "-d", rw.toString(),
                "--rng", "--dry-run");
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("virtio:    disk " + ro + " (read-only), disk " + rw + " (read-write), rng"),
                r.transcript());
        assertFalse(r.stdout().contains("virtio_mmio.device="), r.transcript());
        assertTrue(r.stdout().contains("virtio-mmio: virtio-rng@0xd0002000 window 0xd0002000-0xd00021ff gsi 10,"
                + " announced in the ACPI DSDT (_HID LNRO0005, _UID 2)"), r.transcript());

        // A kernel told acpi=off finds them on its command line instead.
        r = jhyve("run", "-k", guest("hello").toString(), "-c", ro.toString(), "-d", rw.toString(), "--rng",
                "-a", "console=ttyS0 acpi=off", "--dry-run");
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("virtio_mmio.device=512@0xd0000000:5 virtio_mmio.device=512@0xd0001000:6 "
                + "virtio_mmio.device=512@0xd0002000:10"), r.transcript());
        assertTrue(r.stdout().contains("gsi 10, announced on the command line (acpi=off)"), r.transcript());
    }

    @Test
    void missingKernel() throws Exception {
        assertRefused(jhyve("run", "-k", dir.resolve("nope").toString()), "does not exist");
        assertRefused(jhyve("run"), "a kernel is required");
    }

    @Test
    void badConfigKeyIsNamed() throws Exception {
        Path cfg = Files.writeString(dir.resolve("vm.json"),
                "{\"kernel\": \"" + guest("hello") + "\", \"ram\": 64}");
        assertRefused(jhyve("run", cfg.toString()), cfg + ": key \"ram\": unknown key");
    }

    @Test
    void cpuidHideFlagIsValidatedAndShownInDryRun() throws Exception {
        JhyveProcess.Result r = jhyve("run", "-k", guest("hello").toString(), "--cpuid-hide", "cx16,xsave", "--dry-run");
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("cpuidHide: cx16,xsave"), r.transcript());
        assertRefused(jhyve("run", "-k", guest("hello").toString(), "--cpuid-hide", "cx16,avx9"),
                "command line: key \"cpuidHide\": unknown CPUID feature \"avx9\"");
    }

    @Test
    void dryRunPrintsTheResolvedMachineWithoutAHypervisor() throws Exception {
        JhyveProcess.Result r = jhyve("run", "-k", guest("hello").toString(), "-m", "512", "--dry-run");
        assertEquals(0, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("memory:    512 MiB"), r.transcript());
        assertTrue(r.stdout().contains("entry:      0x100200, 64-bit startup_64"), r.transcript());
        assertTrue(r.stdout().contains("[0x000000100000-0x000020000000) RAM"), r.transcript());
    }
}

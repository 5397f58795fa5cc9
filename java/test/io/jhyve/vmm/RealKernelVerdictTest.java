package io.jhyve.vmm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhyve.testkit.JhyveProcess;
import io.jhyve.testkit.KvmRequirement;
import io.jhyve.testkit.KvmTest;
import io.jhyve.testkit.RealKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * System test with a real distribution kernel (Debian's 6.1, cached by scripts/fetch-guest): booted
 * with {@code console=hvc0}, which this machine does not have, it prints nothing, so jhyve must say
 * why and show the kernel's own log recovered from guest RAM. Skipped without the cached kernel.
 */
@KvmTest
@Tag("system")
class RealKernelVerdictTest {
    @TempDir
    Path dir;

    private Path vmlinuz;

    @BeforeEach
    void needsKvmAndTheKernel() {
        KvmRequirement.assumeKvm();
        vmlinuz = RealKernel.vmlinuz();
    }

    @Test
    void aSilentHvc0BootIsExplainedWithTheRecoveredKernelLog() throws Exception {
        Path dump = dir.resolve("kernel.log");
        JhyveProcess.Result r = new JhyveProcess("run", "-k", vmlinuz.toString(), "-a", "console=hvc0", "-m", "512",
                "--silence", "45", "--dump-log", dump.toString()).timeout(Duration.ofMinutes(8)).run();
        List<String> err = r.stderr().lines().toList();
        String closing = err.get(err.size() - 1);
        assertEquals(6, r.exitStatus(), r.transcript());
        assertEquals("", r.stdout(), "nothing on the serial console");
        assertTrue(closing.startsWith("jhyve: guest silent: no console output for 45 s, vCPU 0 in the "), closing);
        assertTrue(closing.endsWith("; likely cause: console=hvc0 but this machine has no virtio console; "
                + "try console=ttyS0 (exit status 6)") || closing.contains("the kernel log recovered from guest RAM says"),
                closing);
        assertTrue(r.stderr().contains("jhyve: kernel log recovered from guest RAM ("), r.transcript());
        List<String> log = Files.readAllLines(dump);
        assertTrue(log.get(0).matches("\\[    0\\.000000\\] Linux version 6\\.1\\..*"), log.get(0));
        assertTrue(log.contains("[    0.000000] Command line: console=hvc0"), String.join("\n", log.subList(0, 3)));
    }

    @Test
    void noRootFilesystemEndsWithTheVfsPanicQuoted() throws Exception {
        JhyveProcess.Result r = new JhyveProcess("run", "-k", vmlinuz.toString(), "-a", "console=ttyS0", "-m", "512",
                "--silence", "30").timeout(Duration.ofMinutes(8)).run();
        List<String> err = r.stderr().lines().toList();
        String closing = err.get(err.size() - 1);
        assertEquals(6, r.exitStatus(), r.transcript());
        assertTrue(r.stdout().contains("Kernel panic - not syncing: VFS: Unable to mount root fs"), r.transcript());
        assertTrue(closing.matches("jhyve: guest silent: no console output for 30 s, vCPU 0 in the early kernel at RIP "
                + "0xffffffff[0-9a-f]{8}; the kernel log recovered from guest RAM says \"Kernel panic - not syncing: VFS: "
                + "Unable to mount root fs on unknown-block\\(0,0\\)\"; give the kernel a root filesystem: an initrd "
                + "\\(-i\\) or a root= device \\(exit status 6\\)"), closing);
    }
}
